scenario {
  id = "3.3/publish/topic-length-overrun",
  title = "PUBLISH whose topic length runs past the packet closes the connection",
  description = [[The Topic Name length prefix says 200 bytes but the Remaining Length holds only 6. The packet is
malformed and the server must close without reading into whatever comes next.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.8.0-1", "§2.2.3"}, ["5.0"] = {"MQTT-4.13.1-1", "§2.1.4"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local props = t.v5 and "\0" or "" -- empty v5 property block
  use("close").after_bad_bytes(t, c, mqtt.packet(0x30, mqtt.str("abcd", 200)))
end
