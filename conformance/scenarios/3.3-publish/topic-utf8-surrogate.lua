scenario {
  id = "3.3/publish/topic-utf8-surrogate",
  title = "PUBLISH whose Topic Name encodes a surrogate (ED B0 80) closes the connection",
  description = [[ED B0 80 encodes U+DC00, a surrogate, which must not appear in MQTT UTF-8 strings. The server must
close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-1.5.3-1"}, ["5.0"] = {"MQTT-1.5.4-1", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local props = t.v5 and "\0" or "" -- empty v5 property block
  use("close").after_bad_bytes(t, c, mqtt.packet(0x30, mqtt.str(t:topic("s\xED\xB0\x80")) .. props .. "x"))
end
