scenario {
  id = "4.3/qos/qos2-delivery",
  title = "QoS 2 outbound: the server sends PUBLISH QoS 2, then PUBREL (flags 0010) after PUBREC",
  description = [[A QoS 2 subscriber receives PUBLISH QoS 2, DUP 0, non-zero id. After our PUBREC
the server must send PUBREL with the same id and fixed-header flags 0010, and must not re-send the
PUBLISH. Our PUBCOMP completes the flow; then nothing more may arrive for that message.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.3-1", "MQTT-3.6.1-1"},
    ["5.0"] = {"MQTT-4.3.3-2", "MQTT-4.3.3-4", "MQTT-4.3.3-6", "MQTT-3.6.1-1"}},
  level = "MUST",
  needs = {"qos2", "grant_qos2"},
}

function run(t)
  local tp = t:topic("q2")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 2}
  t:subscribed(s, {type = "SUBACK", id = 1, reasons = {2}})
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "two", qos = 2, id = 4}
  p:expect{type = "PUBREC", id = 4}
  p:send{type = "PUBREL", id = 4}
  p:expect{type = "PUBCOMP", id = 4}
  local m = s:expect({type = "PUBLISH", topic = tp, payload = "two", qos = 2, dup = false,
    id = function(v) return v ~= nil and (v ~= 0) end}, {expected = "PUBLISH 'two' at QoS 2, DUP 0, a non-zero packet id"})
  s:send{type = "PUBREC", id = m.id}
  s:expect{type = "PUBREL", id = m.id, flags = 2}
  s:send{type = "PUBCOMP", id = m.id}
  t:barrier(s)
end
