scenario {
  id = "6/websocket/text-frame-connect",
  title = "A CONNECT in a WebSocket text frame closes the connection",
  description = [[MQTT Control Packets travel in binary frames; a recipient of any other data frame
must close the Network Connection. We send a well-formed CONNECT in a text frame as the first thing
after the upgrade: the server must close without a CONNACK.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-6.0.0-1"},
  level = "MUST",
  needs = {"websocket"},
}

function run(t)
  local c = t:open("c1")
  local bytes = assert(c:encode{type = "CONNECT", client_id = t:client_id("c1"), clean = true, keepalive = 30})
  c:ws_frame("text", bytes)
  c:expect_closed()
end
