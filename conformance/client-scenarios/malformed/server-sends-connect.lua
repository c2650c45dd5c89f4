scenario {
  id = "malformed/server-sends-connect",
  title = "A CONNECT from the server makes the client close",
  description = [[CONNECT only ever flows from client to server. Receiving one is a protocol
violation; the client must close instead of trying to interpret it.]],
  role = "client",
  section = "2.2",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"§2.2.1", "MQTT-4.8.0-1"}, ["5.0"] = {"§2.1.2", "§4.13.1"}},
  level = "MUST",
}

function run(t)
  local bytes = mqtt.encode_unchecked({type = "CONNECT", client_id = "srv", clean = true, keepalive = 30}, t.version)
  use("client").hostile_after_connect(t, bytes)
end
