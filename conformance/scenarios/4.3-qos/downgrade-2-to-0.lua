scenario {
  id = "4.3/qos/downgrade-2-to-0",
  title = "QoS 2 message to a QoS 0 subscription is delivered at QoS 0",
  description = [[A subscriber granted QoS 0 receives a message published at QoS 2. The delivered
QoS must be the minimum of the two: QoS 0.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.8.4-6"}, ["5.0"] = {"MQTT-3.8.4-8"}},
  level = "MUST",
  needs = {"qos2"},
}

function run(t)
  local tp = t:topic("d")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  s:expect{type = "SUBACK", id = 1, reasons = {0}}
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "m", qos = 2, id = (2 > 0) and 1 or nil}
  if 2 == 1 then p:expect{type = "PUBACK", id = 1} end
  if 2 == 2 then
    p:expect{type = "PUBREC", id = 1}
    p:send{type = "PUBREL", id = 1}
    p:expect{type = "PUBCOMP", id = 1}
  end
  local m = s:expect{type = "PUBLISH", topic = tp, payload = "m", qos = 0}
  if 0 == 1 then s:send{type = "PUBACK", id = m.id} end
  if 0 == 2 then
    s:send{type = "PUBREC", id = m.id}
    s:expect{type = "PUBREL", id = m.id}
    s:send{type = "PUBCOMP", id = m.id}
  end
end
