scenario {
  id = "6/websocket/packet-split-across-frames",
  title = "A CONNECT split across three binary frames is answered",
  description = [[A WebSocket data frame may carry part of an MQTT Control Packet, and the receiver must
not assume packets are aligned on frame boundaries. We send one CONNECT as three binary messages: its
first byte, then up to the middle of the variable header, then the rest. The server must answer with
CONNACK 0, as if it had come in one frame.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-6.0.0-2"},
  level = "MUST",
  needs = {"websocket"},
}

function run(t)
  local c = t:open("c1")
  local b = assert(c:encode{type = "CONNECT", client_id = t:client_id("c1"), clean = true, keepalive = 30})
  local mid = 1 + #b // 2
  c:ws_frame("binary", b:sub(1, 1))
  c:ws_frame("binary", b:sub(2, mid))
  c:ws_frame("binary", b:sub(mid + 1))
  c:expect{type = "CONNACK", reason = 0}
end
