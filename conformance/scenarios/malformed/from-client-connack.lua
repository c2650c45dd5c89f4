scenario {
  id = "malformed/from-client-connack",
  title = "A CONNACK sent by a client closes the connection",
  description = [[CONNACK only travels from server to client. Receiving it from a client is a protocol violation
(3.1.1 4.8; 5.0 Protocol Error) and the server must close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"§2.2.1", "MQTT-4.8.0-1"}, ["5.0"] = {"§2.1.2", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  use("close").after_bad_bytes(t, c, mqtt.hex(t.v5 and "20 03 00 00 00" or "20 02 00 00"))
end
