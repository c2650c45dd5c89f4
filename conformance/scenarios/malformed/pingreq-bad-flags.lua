-- Finding (mosquitto 2.0.11): answers C1 00 with PINGRESP instead of closing.
scenario {
  id = "malformed/pingreq-bad-flags",
  title = "PINGREQ with non-zero fixed-header flags closes the connection",
  description = [[PINGREQ's flags are reserved 0000; C1 00 is malformed and must make the server close (no PINGRESP).]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-2.2.2-1", "MQTT-2.2.2-2"}, ["5.0"] = {"MQTT-2.1.3-1", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  use("close").after_bad_bytes(t, c, mqtt.hex("c1 00"))
end
