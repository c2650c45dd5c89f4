scenario {
  id = "3.3/retain/qos-downgrade",
  title = "A retained message keeps its QoS and is downgraded to the subscription's QoS",
  description = [[The server stores the QoS with the retained message. Retained at QoS 1: a QoS 2
subscriber gets it at QoS 1 (not upgraded), a QoS 0 subscriber at QoS 0.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.3.1-5", "MQTT-3.8.4-6"}, ["5.0"] = {"MQTT-3.3.1-5", "MQTT-3.8.4-8"}},
  level = "MUST",
  needs = {"retain", "qos2", "grant_qos2"},
}

function run(t)
  local tp = t:topic("r")
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "q1", qos = 1, id = 1, retain = true}
  p:expect{type = "PUBACK", id = 1}
  local s2 = t:connect("s2")
  s2:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 2}
  local suback = use("suback")
  local a2, m = suback.with_retained(s2, {type = "SUBACK", id = 1}, {{type = "PUBLISH", topic = tp, payload = "q1"}})
  local s0 = t:connect("s0")
  s0:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  local a0, m0 = suback.with_retained(s0, {type = "SUBACK", id = 1}, {{type = "PUBLISH", topic = tp, payload = "q1"}})
  p:send{type = "PUBLISH", topic = tp, payload = "", qos = 0, retain = true}
  suback.granted(t, a2, {2})
  suback.granted(t, a0, {0})
  t:check(m.qos == 1, "QoS 1 for the QoS 2 subscriber", "QoS " .. m.qos)
  t:check(m0.qos == 0, "QoS 0 for the QoS 0 subscriber", "QoS " .. m0.qos)
end
