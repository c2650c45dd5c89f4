scenario {
  id = "3.8/subscribe/no-filters",
  title = "SUBSCRIBE without any topic filter is a protocol violation",
  description = [[The SUBSCRIBE payload must contain at least one filter/options pair. A SUBSCRIBE with only a Packet
Identifier (and v5 empty properties) must make the server close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.8.3-3", "MQTT-4.8.0-1"}, ["5.0"] = {"MQTT-3.8.3-2", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local props = t.v5 and "\0" or ""
  use("close").after_bad_bytes(t, c, mqtt.packet(0x82, mqtt.u16(1) .. props))
end
