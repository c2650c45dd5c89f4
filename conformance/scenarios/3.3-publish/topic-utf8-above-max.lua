scenario {
  id = "3.3/publish/topic-utf8-above-max",
  title = "PUBLISH whose Topic Name encodes a code point above U+10FFFF closes the connection",
  description = [[F4 90 80 80 would be U+110000, outside Unicode; RFC 3629 forbids it. The server must close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-1.5.3-1"}, ["5.0"] = {"MQTT-1.5.4-1", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local props = t.v5 and "\0" or "" -- empty v5 property block
  use("close").after_bad_bytes(t, c, mqtt.packet(0x30, mqtt.str(t:topic("m\xF4\x90\x80\x80")) .. props .. "x"))
end
