scenario {
  id = "malformed/disconnect-in-v311",
  title = "A DISCONNECT from a 3.1.1 server makes the client close",
  description = [[In 3.1.1 DISCONNECT flows only from client to server; a server just closes the
connection. A DISCONNECT received by a 3.1.1 client is a protocol violation and it must close.]],
  role = "client",
  section = "3.14",
  versions = {"3.1.1"},
  statements = {["3.1.1"] = {"§3.14", "MQTT-4.8.0-1"}},
  level = "MUST",
}

function run(t)
  use("client").hostile_after_connect(t, mqtt.hex("e0 00"))
end
