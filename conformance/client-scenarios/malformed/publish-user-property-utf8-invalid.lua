scenario {
  id = "malformed/publish-user-property-utf8-invalid",
  title = "5.0: a PUBLISH User Property whose value is ill-formed UTF-8 makes the client close",
  description = [[Both strings of a UTF-8 String Pair must be well-formed UTF-8 (1.5.7-1). The
server publishes a QoS 0 message whose User Property value is C0 AF (an over-long "/", never
valid): the packet is malformed, the client should close (§4.13.1) and must not deliver it.]],
  role = "client",
  section = "1.5",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-1.5.7-1", "§4.13.1"}},
  level = "SHOULD",
}

function run(t)
  local cl = use("client")
  local prop = "\x26" .. mqtt.str("k") .. mqtt.str("\xC0\xAF")
  cl.hostile_after_connect(t, mqtt.packet(0x30, mqtt.str("mqc/h/up") .. mqtt.vbi(#prop) .. prop .. "bad"),
    {subscribe = "mqc/h/#", no_message = true})
end
