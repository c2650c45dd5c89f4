-- Finding (mosquitto 2.0.11): answers C0 01 00 with PINGRESP instead of closing.
scenario {
  id = "malformed/pingreq-with-body",
  title = "PINGREQ with a non-zero Remaining Length closes the connection",
  description = [[PINGREQ has no variable header or payload; C0 01 00 is malformed and the server must close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"§3.12", "MQTT-4.8.0-1"}, ["5.0"] = {"§3.12", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  use("close").after_bad_bytes(t, c, mqtt.hex("c0 01 00"))
end
