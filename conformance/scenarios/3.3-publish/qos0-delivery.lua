scenario {
  id = "3.3/publish/qos0-delivery",
  title = "A QoS 0 message is delivered with QoS 0, DUP 0, no packet id, same topic and payload",
  description = [[Publisher and subscriber at QoS 0. The forwarded PUBLISH must have QoS 0 and
DUP 0, carry no Packet Identifier, and the topic and payload as published.]],
  versions = {"3.1", "3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.1-1", "MQTT-3.3.1-2", "MQTT-2.3.1-5", "MQTT-3.3.2-3"},
    ["5.0"] = {"MQTT-4.3.1-1", "MQTT-3.3.1-2", "MQTT-2.2.1-2", "MQTT-3.3.2-3"}},
  level = "MUST",
}

function run(t)
  local tp = t:topic("q0")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "hello", qos = 0}
  local m = s:expect{type = "PUBLISH", topic = tp, payload = "hello", qos = 0, dup = false}
  t:check(m.raw:byte(1) == 0x30, "first byte 0x30", string.format("0x%02x", m.raw:byte(1)))
end
