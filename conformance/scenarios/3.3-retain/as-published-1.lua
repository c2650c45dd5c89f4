scenario {
  id = "3.3/retain/as-published-1",
  title = "5.0: Retain As Published 1 keeps RETAIN 1 on live forwarding",
  description = [[Subscription with Retain As Published 1. A retained message published while the
subscription exists must be forwarded with RETAIN 1 (the flag as received); a non-retained one
with RETAIN 0.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.3.1-13"}},
  level = "MUST",
  needs = {"retain"},
}

function run(t)
  local tp = t:topic("r")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, subs = {{filter = tp, qos = 0, rap = true}}}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "r1", qos = 0, retain = true}
  p:send{type = "PUBLISH", topic = tp, payload = "r0", qos = 0, retain = false}
  local a = s:expect{type = "PUBLISH", topic = tp, payload = "r1"}
  local b = s:expect{type = "PUBLISH", topic = tp, payload = "r0"}
  p:send{type = "PUBLISH", topic = tp, payload = "", qos = 0, retain = true}
  t:check(a.retain == true, "RETAIN 1 for the retained message", "RETAIN 0")
  t:check(b.retain == false, "RETAIN 0 for the non-retained message", "RETAIN 1")
end
