scenario {
  id = "3.8/subscribe/bad-flags",
  title = "SUBSCRIBE with fixed-header flags other than 0010 closes the connection",
  description = [[SUBSCRIBE's reserved flags must be 0010. A SUBSCRIBE with first byte 0x80 (flags 0000) is malformed
and the server must close; it must not answer with a SUBACK.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.8.1-1", "MQTT-2.2.2-2"}, ["5.0"] = {"MQTT-3.8.1-1", "MQTT-2.1.3-1", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local props = t.v5 and "\0" or ""
  -- a PINGREQ right behind: a PINGRESP proves the server went on past the bad packet
  c:send_bytes(mqtt.packet(0x80, mqtt.u16(1) .. props .. mqtt.str(t:topic("s")) .. "\0") .. mqtt.hex("c0 00"))
  local r = c:expect_closed{within = 1}
  if r.disconnect then
    t:check(r.disconnect.reason >= 0x80, "DISCONNECT reason >= 0x80", string.format("0x%02x", r.disconnect.reason))
  end
end
