scenario {
  id = "4.3/qos/qos2-duplicate-suppressed",
  title = "A repeated QoS 2 PUBLISH before PUBREL gets PUBREC again but is delivered once",
  description = [[The publisher sends QoS 2 id 11, gets PUBREC, then sends the same PUBLISH again
with DUP 1 (as after a lost PUBREC). The server must answer PUBREC again and must not deliver the
message twice. After PUBREL/PUBCOMP a marker on the same topic shows that exactly one copy came.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.3-2"}, ["5.0"] = {"MQTT-4.3.3-10"}},
  level = "MUST",
  needs = {"qos2"},
}

function run(t)
  local tp = t:topic("once")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "exactly-once", qos = 2, id = 11}
  p:expect{type = "PUBREC", id = 11}
  p:send{type = "PUBLISH", topic = tp, payload = "exactly-once", qos = 2, id = 11, dup = true}
  p:expect{type = "PUBREC", id = 11}
  p:send{type = "PUBREL", id = 11}
  p:expect{type = "PUBCOMP", id = 11}
  p:send{type = "PUBLISH", topic = tp, payload = "marker", qos = 0}
  s:expect{type = "PUBLISH", topic = tp, payload = "exactly-once"}
  s:expect({type = "PUBLISH", topic = tp, payload = "marker"},
    {expected = "the marker; a second 'exactly-once' copy is a duplicate delivery"})
end
