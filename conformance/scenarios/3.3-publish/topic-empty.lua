scenario {
  id = "3.3/publish/topic-empty",
  title = "PUBLISH with a zero-length Topic Name closes the connection",
  description = [[Topic Names must be at least one character long (5.0: a zero-length Topic Name without a Topic
Alias is a Protocol Error, 3.3.2.1). The server must close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.7.3-1", "MQTT-4.8.0-1"}, ["5.0"] = {"MQTT-4.7.3-1", "MQTT-4.13.1-1", "§3.3.2.1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local props = t.v5 and "\0" or "" -- empty v5 property block
  use("close").after_bad_bytes(t, c, mqtt.packet(0x30, mqtt.str("") .. props .. "x"))
end
