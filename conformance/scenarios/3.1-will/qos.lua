scenario {
  id = "3.1/will/qos",
  title = "The will is published with its Will QoS, downgraded to the subscription's QoS",
  description = [[Will QoS 1. A subscriber at QoS 1 must receive the will at QoS 1 with a non-zero
packet id; a subscriber at QoS 0 must receive it at QoS 0 (delivered QoS = min(message QoS,
granted QoS)).]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-8", "MQTT-3.8.4-6"}, ["5.0"] = {"MQTT-3.1.2-8", "MQTT-3.8.4-8"}},
  level = "MUST",
  needs = {"qos1", "grant_qos1"},
}

function run(t)
  local wt = t:topic("will")
  local s1 = t:connect("s1")
  s1:send{type = "SUBSCRIBE", id = 1, filter = wt, qos = 1}
  t:subscribed(s1, {type = "SUBACK", id = 1, reasons = {1}})
  local s0 = t:connect("s0")
  s0:send{type = "SUBSCRIBE", id = 1, filter = wt, qos = 0}
  t:subscribed(s0, {type = "SUBACK", id = 1, reasons = {0}})
  local w = t:connect("w", {will = {topic = wt, payload = "q1", qos = 1}})
  w:reset()
  local p = s1:expect({type = "PUBLISH", topic = wt, payload = "q1", qos = 1, id = function(v) return v ~= nil and (v ~= 0) end},
    {expected = "the will PUBLISH at QoS 1 with a non-zero packet id"})
  s1:send{type = "PUBACK", id = p.id}
  s0:expect{type = "PUBLISH", topic = wt, payload = "q1", qos = 0}
end
