scenario {
  id = "3.1/connect/reserved-flag",
  title = "CONNECT with the reserved Connect Flags bit 0 set is rejected and closed",
  description = [[Connect Flags bit 0 is reserved and must be 0; the server must check it and close
the connection when it is set. 3.1.1 also says a non-conforming CONNECT is closed without a
CONNACK (MQTT-3.1.4-1). 5.0 calls it a Malformed Packet: a CONNACK 0x81 before the close is
allowed.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-3", "MQTT-3.1.4-1"}, ["5.0"] = {"MQTT-3.1.2-3", "MQTT-3.1.4-1"}},
  level = "MUST",
}

function run(t)
  local c = t:open("c1")
  local vh = mqtt.str("MQTT") .. mqtt.u8(t.v5 and 5 or 4) .. mqtt.u8(0x03) .. mqtt.u16(30)
    .. (t.v5 and "\0" or "")
  c:send_bytes(mqtt.packet(0x10, vh .. mqtt.str(t:client_id("c1"))))
  if t.v5 then
    local i = c:expect_one_of({{type = "CONNACK", reason = function(v) return v ~= nil and (v >= 0x80) end},
      {closed = true}}, {within = 2})
    if i == 1 then c:expect_closed{within = 1} end
  else
    c:expect_one_of({{closed = true}}, {within = 2})
  end
end
