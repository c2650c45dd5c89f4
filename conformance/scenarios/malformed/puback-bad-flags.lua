-- Finding (mosquitto 2.0.11): accepts 41 02 00 01 and keeps the connection.
scenario {
  id = "malformed/puback-bad-flags",
  title = "PUBACK with non-zero fixed-header flags closes the connection",
  description = [[PUBACK's flags are reserved 0000; 41 02 00 01 is malformed and must make the server close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-2.2.2-1", "MQTT-2.2.2-2"}, ["5.0"] = {"MQTT-2.1.3-1", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  use("close").after_bad_bytes(t, c, mqtt.hex("41 02 00 01"))
end
