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
  local c = t:open("c1")
  local willprops = mqtt.u8(0x23) .. mqtt.u16(1)
  local vh = mqtt.str("MQTT") .. mqtt.u8(5) .. mqtt.u8(0x06) .. mqtt.u16(30) .. "\0"
  local payload = mqtt.str(t:client_id("c1")) .. mqtt.vbi(#willprops) .. willprops
    .. mqtt.str(t:topic("will")) .. mqtt.str("x")
  c:send_bytes(mqtt.packet(0x10, vh .. payload))
  local i = c:expect_one_of({{type = "CONNACK", reason = function(v) return v ~= nil and v >= 0x80 end},
    {closed = true}}, {within = 2})
  if i == 1 then c:expect_closed{within = 1} end
end
