-- Finding (mosquitto 2.0.11): ignores an UNSUBACK from a client (connection stays open).
scenario {
  id = "malformed/from-client-unsuback",
  title = "A UNSUBACK sent by a client closes the connection",
  description = [[UNSUBACK only travels from server to client. Receiving it from a client is a protocol violation
(3.1.1 4.8; 5.0 Protocol Error) and the server must close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"§2.2.1", "MQTT-4.8.0-1"}, ["5.0"] = {"§2.1.2", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  use("close").after_bad_bytes(t, c, mqtt.hex(t.v5 and "b0 03 00 01 00" or "b0 02 00 01"))
end
