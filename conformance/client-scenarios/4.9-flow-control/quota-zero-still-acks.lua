scenario {
  id = "4.9/flow-control/quota-zero-still-acks",
  title = "5.0: with its send quota used up the client still acknowledges what it receives",
  description = [[The CONNACK sets Receive Maximum 1 and the application publishes two QoS 1
messages. The client's initial send quota is non-zero and at most 1 (4.9.0-1): the first PUBLISH
comes, the second must wait for its PUBACK (3.3.4-7). While the quota is zero the server sends a
QoS 1 PUBLISH to the client: the client must still answer it with PUBACK (4.9.0-3; 3.3.4-8: reaching
Receive Maximum must not delay packets other than PUBLISH). Acknowledging the first message then
lets the second one out.]],
  role = "client",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.9.0-1", "MQTT-4.9.0-3", "MQTT-3.3.4-8", "MQTT-3.3.4-7"}},
  level = "MUST",
  timeout = 15,
}

function run(t)
  local cl = use("client")
  local d = t.client
  local c = cl.connect(t, {clean = true, connack = {props = {receive_maximum = 1}}})
  cl.subscribe(t, c, "mqc/q0/in", 1)
  local p1 = d:publish{topic = "mqc/q0/out", payload = "m1", qos = 1}
  local p2 = d:publish{topic = "mqc/q0/out", payload = "m2", qos = 1}
  local first = c:expect({type = "PUBLISH", qos = 1, payload = "m1"}, {skip = {"PINGREQ"},
    expected = "the first QoS 1 PUBLISH (the initial send quota is non-zero)"})
  c:send{type = "PUBLISH", topic = "mqc/q0/in", qos = 1, id = 7, payload = "in"}
  local acked = false
  while not acked do
    local p, why = cl.next(t, c, 3)
    if not p then
      t:fail{expected = "PUBACK id 7 for the server's PUBLISH while the send quota is zero",
        observed = "nothing (" .. tostring(why) .. ")", stmt = {"MQTT-4.9.0-3", "MQTT-3.3.4-8"}}
    end
    if p.type == "PUBLISH" and p.payload == "m2" then
      t:fail{expected = "no second QoS 1 PUBLISH before the first is acknowledged (Receive Maximum 1)",
        observed = "PUBLISH 'm2' id " .. tostring(p.id), stmt = "MQTT-3.3.4-7"}
    end
    acked = p.type == "PUBACK" and p.id == 7
  end
  d:expect({event = "message", payload = "in"}, {skip = {"published"}})
  c:send{type = "PUBACK", id = first.id}
  local second = c:expect({type = "PUBLISH", qos = 1, payload = "m2"}, {skip = {"PINGREQ"},
    expected = "the second PUBLISH once the first is acknowledged"})
  c:send{type = "PUBACK", id = second.id}
  d:expect({event = "published", id = p1}, {skip = {"message", "published"}})
  d:expect({event = "published", id = p2}, {skip = {"message", "published"}})
end
