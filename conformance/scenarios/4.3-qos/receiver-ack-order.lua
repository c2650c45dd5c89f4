scenario {
  id = "4.3/qos/server-acks-in-order",
  title = "The server acknowledges QoS 1 PUBLISHes in the order received",
  description = [[Ten QoS 1 PUBLISHes go out in one write with ids 10..1 (descending). The PUBACKs
must carry the ids in the same order. (Statements 4.6.0-2 bind clients; a server acknowledging out
of order breaks the same ordering guarantee, so this is a SHOULD here.)]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-4.6.0-2"},
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
