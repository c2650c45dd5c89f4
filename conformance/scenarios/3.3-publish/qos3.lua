scenario {
  id = "3.3/publish/qos3",
  title = "PUBLISH with QoS 3 closes the connection",
  description = [[Both QoS bits set (first byte 0x36) is not a QoS level; the receiver must close the connection.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.3.1-4"}, ["5.0"] = {"MQTT-3.3.1-4", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local props = t.v5 and "\0" or "" -- empty v5 property block
  use("close").after_bad_bytes(t, c, mqtt.packet(0x36, mqtt.str(t:topic("q3")) .. mqtt.u16(1) .. props .. "x"))
end
