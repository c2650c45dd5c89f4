scenario {
  id = "4.3/qos/order-qos0",
  title = "QoS 0 messages from one publisher on one topic arrive in publishing order",
  description = [[Same as order-qos1 at QoS 0: 50 messages in one write must come out in order
(none may be lost either: a local TCP connection gives no reason to drop QoS 0 messages, and a
PINGREQ afterwards bounds the wait).]],
  versions = {"3.1", "3.1.1", "5.0"},
  statements = {"MQTT-4.6.0-5", "MQTT-4.6.0-6"},
  level = "MUST",
}

function run(t)
  local tp = t:topic("ord0")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local p = t:connect("pub")
  local batch = {}
  for i = 1, 50 do batch[i] = {type = "PUBLISH", topic = tp, payload = tostring(i), qos = 0} end
  p:send_many(batch)
  for i = 1, 50 do
    s:expect({type = "PUBLISH", topic = tp, payload = tostring(i)},
      {expected = "message " .. i .. " (in publishing order)"})
  end
end
