scenario {
  id = "3.3/retain/expiry-decremented",
  title = "5.0: a retained message's Message Expiry Interval is reduced by the time it waited",
  description = [[Retained message with Message Expiry Interval 60, fetched by a new subscriber
after 2.2 s. The forwarded interval must be the received value minus the waiting time: at most 59
(whole seconds), and still above 0.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.3.2-6"}},
  level = "MUST",
  needs = {"retain"},
  timeout = 8,
}

function run(t)
  local tp = t:topic("r")
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "x", qos = 0, retain = true, props = {message_expiry_interval = 60}}
  t:sleep(2.2)
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  local _, m = use("suback").with_retained(s, {type = "SUBACK", id = 1},
    {{type = "PUBLISH", topic = tp, props = {message_expiry_interval = mqtt.ANY}}})
  p:send{type = "PUBLISH", topic = tp, payload = "", qos = 0, retain = true}
  local v = m.props.message_expiry_interval
  t:check(v <= 59 and v > 0, "Message Expiry Interval 1..59", tostring(v))
end
