scenario {
  id = "3.3/publish/topic-null-char",
  title = "PUBLISH whose Topic Name contains U+0000 closes the connection",
  description = [[Topic Names must not contain the null character (and UTF-8 strings never may). The server must
close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.7.3-2", "MQTT-1.5.3-2"}, ["5.0"] = {"MQTT-4.7.3-2", "MQTT-1.5.4-2", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local props = t.v5 and "\0" or "" -- empty v5 property block
  use("close").after_bad_bytes(t, c, mqtt.packet(0x30, mqtt.str(t:topic("a\0b")) .. props .. "x"))
end
