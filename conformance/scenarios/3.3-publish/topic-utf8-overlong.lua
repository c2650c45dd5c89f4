scenario {
  id = "3.3/publish/topic-utf8-overlong",
  title = "PUBLISH whose Topic Name has an overlong UTF-8 sequence closes the connection",
  description = [[C0 AF is an overlong encoding of '/', ill-formed under RFC 3629. A receiver of ill-formed UTF-8
must close the connection (it could otherwise be used to dodge topic-based access rules).]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-1.5.3-1", "MQTT-3.3.2-1"}, ["5.0"] = {"MQTT-1.5.4-1", "MQTT-3.3.2-1", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local props = t.v5 and "\0" or "" -- empty v5 property block
  use("close").after_bad_bytes(t, c, mqtt.packet(0x30, mqtt.str(t:topic("a\xC0\xAFb")) .. props .. "x"))
end
