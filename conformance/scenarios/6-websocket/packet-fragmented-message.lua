scenario {
  id = "6/websocket/packet-fragmented-message",
  title = "A CONNECT and a PINGREQ in one fragmented binary message are answered",
  description = [[One binary WebSocket message in three fragments (a binary frame without FIN, a
continuation frame, a final continuation frame) carries a CONNECT and a PINGREQ, cut so that neither
packet lines up with a fragment. The receiver must not assume packets are aligned on frame boundaries:
CONNACK 0 and then PINGRESP must come.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-6.0.0-2"},
  level = "MUST",
  needs = {"websocket"},
}

function run(t)
  local c = t:open("c1")
  local b = assert(c:encode{type = "CONNECT", client_id = t:client_id("c1"), clean = true, keepalive = 30})
  b = b .. "\xc0\x00"
  c:ws_frame("binary", b:sub(1, 3), {fin = false})
  c:ws_frame("continuation", b:sub(4, #b - 1), {fin = false})
  c:ws_frame("continuation", b:sub(#b), {fin = true})
  c:expect{type = "CONNACK", reason = 0}
  c:expect{type = "PINGRESP"}
end
