scenario {
  id = "4.3/qos/qos1-delivery",
  title = "A QoS 1 message reaches a QoS 1 subscriber with QoS 1, DUP 0 and a non-zero id",
  description = [[The server sending QoS 1 must use a non-zero Packet Identifier not in use, QoS 1
and DUP 0 on the first attempt. We acknowledge it so the flow completes.]],
  versions = {"3.1", "3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.2-1", "MQTT-2.3.1-4"}, ["5.0"] = {"MQTT-4.3.2-1", "MQTT-4.3.2-2", "MQTT-2.2.1-4"}},
  level = "MUST",
  needs = {"qos1", "grant_qos1"},
}

function run(t)
  local tp = t:topic("q1")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 1}
  t:subscribed(s, {type = "SUBACK", id = 1, reasons = {1}})
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "one", qos = 1, id = 9}
  p:expect{type = "PUBACK", id = 9}
  local m = s:expect({type = "PUBLISH", topic = tp, payload = "one", qos = 1, dup = false,
    id = function(v) return v ~= nil and (v ~= 0) end}, {expected = "PUBLISH 'one' at QoS 1, DUP 0, a non-zero packet id"})
  s:send{type = "PUBACK", id = m.id}
end
