scenario {
  id = "3.10/unsubscribe/inflight-completed",
  title = "A QoS 2 delivery already started is completed after UNSUBSCRIBE",
  description = [[The subscriber receives a QoS 2 PUBLISH, then unsubscribes before answering. After
the UNSUBACK it sends PUBREC: the server must still complete the flow with PUBREL, since
deliveries already started must be completed.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-3.10.4-3"},
  level = "MUST",
  needs = {"qos2", "grant_qos2"},
}

function run(t)
  local tp = t:topic("f")
  local s = t:connect("s")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 2}
  t:subscribed(s, {type = "SUBACK", id = 1, reasons = {2}})
  local p = t:connect("p")
  p:send{type = "PUBLISH", topic = tp, payload = "started", qos = 2, id = 1}
  p:expect{type = "PUBREC", id = 1}
  p:send{type = "PUBREL", id = 1}
  local m = s:expect{type = "PUBLISH", topic = tp, payload = "started", qos = 2}
  s:send{type = "UNSUBSCRIBE", id = 2, filter = tp}
  s:expect{type = "UNSUBACK", id = 2}
  s:send{type = "PUBREC", id = m.id}
  s:expect{type = "PUBREL", id = m.id}
  s:send{type = "PUBCOMP", id = m.id}
end
