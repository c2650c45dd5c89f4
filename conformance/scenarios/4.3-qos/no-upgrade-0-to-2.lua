scenario {
  id = "4.3/qos/no-upgrade-0-to-2",
  title = "QoS 0 message to a QoS 2 subscription stays QoS 0",
  description = [[A subscriber granted QoS 2 receives a message published at QoS 0. The delivered
QoS must be the minimum of the two: QoS 0.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.8.4-6"}, ["5.0"] = {"MQTT-3.8.4-8"}},
  level = "MUST",
  needs = {"qos2"},
}

function run(t)
  local tp = t:topic("d")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 2}
  s:expect{type = "SUBACK", id = 1, reasons = {2}}
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "m", qos = 0, id = (0 > 0) and 1 or nil}
  if 0 == 1 then p:expect{type = "PUBACK", id = 1} end
  if 0 == 2 then
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
