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
  use("close").after_bad_bytes(t, c, mqtt.packet(0x80, mqtt.u16(1) .. props .. mqtt.str(t:topic("s")) .. "\0"))
end
