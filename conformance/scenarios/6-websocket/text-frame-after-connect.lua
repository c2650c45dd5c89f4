scenario {
  id = "6/websocket/text-frame-after-connect",
  title = "A PINGREQ in a WebSocket text frame on an open session closes the connection",
  description = [[After a normal CONNECT / CONNACK in binary frames we send a PINGREQ in a text frame.
A recipient of a data frame other than binary must close the Network Connection: the server must close,
and must not answer the PINGREQ.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-6.0.0-1"},
  level = "MUST",
  needs = {"websocket"},
}

function run(t)
  local c = t:connect("c1")
  c:ws_frame("text", "\xc0\x00")
  c:expect_closed()
end
