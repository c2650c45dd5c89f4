scenario {
  id = "malformed/reserved-type-15",
  title = "3.1.1: packet type 15 (reserved) closes the connection",
  description = [[Type 15 is reserved in 3.1.1 (it became AUTH in 5.0). F0 00 after CONNACK must make the server close.]],
  versions = {"3.1.1"},
  statements = {["3.1.1"] = {"§2.2.1", "MQTT-4.8.0-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  -- a PINGREQ right behind: a PINGRESP proves the server went on past the bad packet
  c:send_bytes(mqtt.hex("f0 00") .. mqtt.hex("c0 00"))
  -- 5.0 may send DISCONNECT (>= 0x80) first; expect_closed accepts it
  local r = c:expect_closed{within = 1}
  if r.disconnect then
    t:check(r.disconnect.reason >= 0x80, "DISCONNECT reason >= 0x80", string.format("0x%02x", r.disconnect.reason))
  end
end
