scenario {
  id = "6/websocket/packets-in-one-frame",
  title = "CONNECT, SUBSCRIBE and PINGREQ in one binary frame are all answered",
  description = [[A single WebSocket data frame can contain several MQTT Control Packets. We send CONNECT,
SUBSCRIBE and PINGREQ in one binary frame: CONNACK 0 must come first, then SUBACK and PINGRESP (in
either order: the spec orders deliveries, not responses of different types).]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-6.0.0-2"},
  level = "MUST",
  needs = {"websocket"},
}

function run(t)
  local c = t:open("c1")
  local parts = {
    assert(c:encode{type = "CONNECT", client_id = t:client_id("c1"), clean = true, keepalive = 30}),
    assert(c:encode{type = "SUBSCRIBE", id = 1, filter = t:topic("one-frame"), qos = 0}),
    assert(c:encode{type = "PINGREQ"}),
  }
  c:ws_frame("binary", table.concat(parts))
  c:expect{type = "CONNACK", reason = 0}
  use("verify").any_order(c, {{type = "SUBACK", id = 1}, {type = "PINGRESP"}})
end
