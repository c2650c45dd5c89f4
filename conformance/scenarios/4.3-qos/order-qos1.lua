scenario {
  id = "4.3/qos/order-qos1",
  title = "QoS 1 messages from one publisher on one topic arrive in publishing order",
  description = [[Topics are Ordered Topics by default: messages from one client at the same QoS
must be forwarded in the order received. We publish 20 QoS 1 messages in one write (ids 1..20,
payloads 1..20) and acknowledge each delivery as it arrives.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-4.6.0-5", "MQTT-4.6.0-6"},
  level = "MUST",
  needs = {"qos1", "grant_qos1"},
}

function run(t)
  local tp = t:topic("ord")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 1}
  t:subscribed(s, {type = "SUBACK", id = 1, reasons = {1}})
  local p = t:connect("pub")
  local batch = {}
  for i = 1, 20 do batch[i] = {type = "PUBLISH", topic = tp, payload = tostring(i), qos = 1, id = i} end
  p:send_many(batch)
  for i = 1, 20 do
    local m = s:expect({type = "PUBLISH", topic = tp, payload = tostring(i)},
      {expected = "message " .. i .. " (in publishing order)"})
    s:send{type = "PUBACK", id = m.id}
  end
  for i = 1, 20 do p:expect{type = "PUBACK", id = i} end
end
