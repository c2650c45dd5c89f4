-- Finding (mosquitto 2.0.11): accepts a QoS 0 PUBLISH with DUP 1 and keeps the connection.
scenario {
  id = "3.3/publish/qos0-dup",
  title = "PUBLISH with QoS 0 and DUP 1 is a protocol violation",
  description = [[DUP must be 0 on every QoS 0 PUBLISH. First byte 0x38 breaks that; by the general rule on protocol
violations (3.1.1 4.8) / Protocol Errors (5.0 4.13) the server must close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.3.1-2", "MQTT-4.8.0-1"}, ["5.0"] = {"MQTT-3.3.1-2", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local props = t.v5 and "\0" or "" -- empty v5 property block
  use("close").after_bad_bytes(t, c, mqtt.packet(0x38, mqtt.str(t:topic("d")) .. props .. "x"))
end
