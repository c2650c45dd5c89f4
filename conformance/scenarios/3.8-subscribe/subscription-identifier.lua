scenario {
  id = "3.8/subscribe/subscription-identifier",
  title = "5.0: a delivered message carries the Subscription Identifier of its subscription",
  description = [[Subscribe with Subscription Identifier 4242. A message matching that subscription
must be delivered with Subscription Identifier 4242.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.3.4-3"}},
  level = "MUST",
  needs = {"subid"},
}

function run(t)
  local tp = t:topic("sid")
  local s = t:connect("s")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0, props = {subscription_identifier = 4242}}
  s:expect{type = "SUBACK", id = 1, reasons = {0}}
  t:connect("p"):send{type = "PUBLISH", topic = tp, payload = "x", qos = 0}
  s:expect{type = "PUBLISH", topic = tp, props = {subscription_identifier = 4242}}
end
