scenario {
  id = "3.3/properties/no-expiry-when-absent",
  title = "5.0: Message Expiry Interval is forwarded (live: at most the sent value)",
  description = [[A live message with Message Expiry Interval 100 must reach the subscriber with a
Message Expiry Interval of at most 100 (reduced by any time it waited) and above 0; a message
without one must not gain one.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.3.2-6"}},
  level = "MUST",
}

function run(t)
  local tp = t:topic("exp")
  local s = t:connect("s")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local p = t:connect("p")
  p:send{type = "PUBLISH", topic = tp, payload = "with", qos = 0, props = {message_expiry_interval = 100}}
  p:send{type = "PUBLISH", topic = tp, payload = "without", qos = 0}
  local m = s:expect{type = "PUBLISH", topic = tp, payload = "with", props = {message_expiry_interval = mqtt.ANY}}
  local v = m.props.message_expiry_interval
  t:check(v > 0 and v <= 100, "Message Expiry Interval 1..100", tostring(v))
  s:expect{type = "PUBLISH", topic = tp, payload = "without", props = {message_expiry_interval = mqtt.ABSENT}}
end
