scenario {
  id = "3.8/subscribe/filter-length-overrun",
  title = "SUBSCRIBE whose filter length runs past the packet closes the connection",
  description = [[The filter's length prefix announces 300 bytes but the packet ends after 4. The packet is
malformed and the server must close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.8.0-1", "§2.2.3"}, ["5.0"] = {"MQTT-4.13.1-1", "§2.1.4"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local props = t.v5 and "\0" or ""
  use("close").after_bad_bytes(t, c, mqtt.packet(0x82, mqtt.u16(1) .. props .. mqtt.str("abcd", 300)))
end
