scenario {
  id = "4.3/qos/receiver-ack-order",
  title = "The server acknowledges QoS 1 PUBLISHes in the order received",
  description = [[Ten QoS 1 PUBLISHes go out in one write with ids 10..1 (descending). The PUBACKs
must carry the ids in the same order. MQTT-4.6.0-2 binds the Client (its PUBACKs follow the order of the PUBLISHes it received); the spec
states no such duty for a server, so this cites §4.6 and an out-of-order server is NON-STRICT, by
analogy with the client's rule, never FAIL.]],
  versions = {"3.1.1", "5.0"},
  statements = {"§4.6"},
  level = "SHOULD",
  needs = {"qos1"},
}

function run(t)
  local p = t:connect("pub")
  local batch = {}
  for i = 10, 1, -1 do batch[#batch + 1] = {type = "PUBLISH", topic = t:topic("a"), payload = "x", qos = 1, id = i} end
  p:send_many(batch)
  for i = 10, 1, -1 do p:expect{type = "PUBACK", id = i} end
end
