scenario {
  id = "malformed/byte-at-a-time",
  title = "Packets split into one-byte writes are reassembled correctly",
  description = [[MQTT runs over a byte stream: packet boundaries need not match TCP segments. We send
CONNECT, SUBSCRIBE and PUBLISH one byte per write, 2 ms apart, and expect CONNACK, SUBACK and our
own message back.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-7.1.1-1", "§4.2"}, ["5.0"] = {"MQTT-4.2.0-1"}},
  level = "MUST",
  timeout = 10,
}

function run(t)
  local tp = t:topic("slow")
  local c = t:open("c1")
  local bytes = mqtt.encode({type = "CONNECT", client_id = t:client_id("c1"), clean = true, keepalive = 30}, t.version)
    .. mqtt.encode({type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}, t.version)
    .. mqtt.encode({type = "PUBLISH", topic = tp, payload = "pieces", qos = 0}, t.version)
  c:send_slow(bytes, 0.002)
  c:expect{type = "CONNACK", reason = 0}
  c:expect{type = "SUBACK", id = 1}
  c:expect{type = "PUBLISH", topic = tp, payload = "pieces"}
end
