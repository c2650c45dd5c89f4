scenario {
  id = "malformed/reserved-type-0",
  title = "Packet type 0 (reserved) closes the connection",
  description = [[Type 0 is reserved and forbidden in both versions. After CONNACK we send 00 00; the server must close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"§2.2.1", "MQTT-4.8.0-1"}, ["5.0"] = {"§2.1.2", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  -- a PINGREQ right behind: a PINGRESP proves the server went on past the bad packet
  c:send_bytes(mqtt.hex("00 00") .. mqtt.hex("c0 00"))
  -- 5.0 may send DISCONNECT (>= 0x80) first; expect_closed accepts it
  local r = c:expect_closed{within = 1}
  if r.disconnect then
    t:check(r.disconnect.reason >= 0x80, "DISCONNECT reason >= 0x80", string.format("0x%02x", r.disconnect.reason))
  end
end
