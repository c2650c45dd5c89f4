scenario {
  id = "malformed/publish-content-type-utf8-invalid",
  title = "5.0: a PUBLISH Content Type of ill-formed UTF-8 makes the client close",
  description = [[The Content Type is a UTF-8 Encoded String (3.3.2-19). The server publishes a
QoS 0 message whose Content Type is "text/" C0 AF: the packet is malformed, the client should close
(§4.13.1) and must not deliver it.]],
  role = "client",
  section = "3.3",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.3.2-19", "MQTT-1.5.4-1", "§4.13.1"}},
  level = "SHOULD",
}

function run(t)
  local cl = use("client")
  local prop = "\x03" .. mqtt.str("text/\xC0\xAF")
  cl.hostile_after_connect(t, mqtt.packet(0x30, mqtt.str("mqc/h/ct") .. mqtt.vbi(#prop) .. prop .. "bad"),
    {subscribe = "mqc/h/#", no_message = true})
end
