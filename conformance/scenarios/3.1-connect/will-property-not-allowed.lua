scenario {
  id = "3.1/connect/will-property-not-allowed",
  title = "5.0: a property not allowed in Will Properties (Topic Alias) makes CONNECT malformed",
  description = [[Will Properties are their own property set: Topic Alias belongs to PUBLISH only.
A CONNECT whose Will Properties carry Topic Alias is malformed (2.2.2.2) and the server must close,
optionally after CONNACK 0x81.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.4-1", "MQTT-4.13.1-1", "§2.2.2.2"}},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local c = t:open("c1")
  local willprops = mqtt.u8(0x23) .. mqtt.u16(1)
  local payload = mqtt.str(t:client_id("c1")) .. mqtt.vbi(#willprops) .. willprops
    .. mqtt.str(t:topic("will")) .. mqtt.str("x")
  c:send_bytes(use("connect").raw(t, 0x06, payload))
  verify.connect_refused(t, c)
end
