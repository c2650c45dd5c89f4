scenario {
  id = "6/websocket/subprotocol-mqtt",
  title = "The server selects the WebSocket subprotocol \"mqtt\"",
  description = [[We offer the subprotocol "mqtt" in the upgrade request (Sec-WebSocket-Protocol), as
a client must (MQTT-6.0.0-3). The subprotocol the server selects and returns in its 101 answer must be
"mqtt"; a server that returns none, or another, fails. A CONNECT on the connection must then be
answered, so the upgrade really led to MQTT.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-6.0.0-4"},
  level = "MUST",
  needs = {"websocket"},
}

function run(t)
  local c = t:open("c1")
  t:check(c.ws_protocol == "mqtt", 'Sec-WebSocket-Protocol: mqtt in the 101 answer',
    c.ws_protocol and ('Sec-WebSocket-Protocol: ' .. c.ws_protocol) or "no Sec-WebSocket-Protocol in the 101 answer")
  c:send{type = "CONNECT", client_id = t:client_id("c1"), clean = true, keepalive = 30}
  c:expect{type = "CONNACK", reason = 0}
end
