-- Finding (mosquitto 2.0.11): accepts 41 02 00 01 and keeps the connection.
scenario {
  id = "malformed/puback-bad-flags",
  title = "PUBACK with non-zero fixed-header flags closes the connection",
  description = [[PUBACK's flags are reserved 0000; 41 02 00 01 is malformed and must make the server close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-2.2.2-1", "MQTT-2.2.2-2"}, ["5.0"] = {"MQTT-2.1.3-1", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  -- a PINGREQ right behind: a PINGRESP proves the server went on past the bad packet
  c:send_bytes(mqtt.hex("41 02 00 01") .. mqtt.hex("c0 00"))
  -- 5.0 may send DISCONNECT (>= 0x80) first; expect_closed accepts it
  local r = c:expect_closed{within = 1}
  if r.disconnect then
    t:check(r.disconnect.reason >= 0x80, "DISCONNECT reason >= 0x80", string.format("0x%02x", r.disconnect.reason))
  end
end
