scenario {
  id = "3.8/subscribe/resubscribe-replaces",
  title = "Subscribing again with an identical filter replaces the subscription (new QoS)",
  description = [[Subscribe T at QoS 2, then again at QoS 0. The second must replace the first, not
add to it: a QoS 2 message is delivered once, at QoS 0.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.8.4-3", "MQTT-3.8.4-6"}, ["5.0"] = {"MQTT-3.8.4-3", "MQTT-3.8.4-8"}},
  level = "MUST",
  needs = {"qos2", "grant_qos2"},
}

function run(t)
  local tp = t:topic("s")
  local c = t:connect("c1")
  c:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 2}
  t:subscribed(c, {type = "SUBACK", id = 1, reasons = {2}})
  c:send{type = "SUBSCRIBE", id = 2, filter = tp, qos = 0}
  c:expect{type = "SUBACK", id = 2, reasons = {0}}
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "x", qos = 2, id = 1}
  p:expect{type = "PUBREC", id = 1}
  p:send{type = "PUBREL", id = 1}
  p:expect{type = "PUBCOMP", id = 1}
  -- the marker comes from the same publisher, on the same topic, at the same QoS
  -- (4.6 orders only such messages), so a second copy of x would arrive before it
  p:send{type = "PUBLISH", topic = tp, payload = "marker", qos = 2, id = 2}
  p:expect{type = "PUBREC", id = 2}
  p:send{type = "PUBREL", id = 2}
  p:expect{type = "PUBCOMP", id = 2}
  c:expect{type = "PUBLISH", topic = tp, payload = "x", qos = 0}
  c:expect({type = "PUBLISH", topic = tp, payload = "marker"}, {expected = "marker (one copy of x only)"})
end
