scenario {
  id = "4.7/topics/dollar-plus",
  title = "A filter starting with '+' does not match a topic starting with '$'",
  description = [[Topic "$<p>/x" (the per-case prefix after a '$'). Subscriber A uses "+/<rest>",
which would match if '$' topics were not special; subscriber B uses the exact topic as a control.
The server must deliver to B and never to A. If B gets nothing, the server forbids publishing to
'$' topics (allowed: it SHOULD prevent such use) and the case is unsupported.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-4.7.2-1"},
  level = "MUST",
  needs = {"wildcard"},
}

function run(t)
  local tp = "$" .. t:topic("x")
  local first, rest = tp:match("^([^/]+)/(.*)$")
  local a = t:connect("a")
  a:send{type = "SUBSCRIBE", id = 1, subs = {{filter = "+/" .. rest, qos = 0}, {filter = t:topic("mark"), qos = 0}}}
  a:expect{type = "SUBACK", id = 1}
  local b = t:connect("b")
  b:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  b:expect{type = "SUBACK", id = 1}
  local p = t:connect("p")
  p:send{type = "PUBLISH", topic = tp, payload = "dollar", qos = 0}
  p:send{type = "PUBLISH", topic = t:topic("mark"), payload = "marker", qos = 0}
  local got = b:recv{within = 2}
  if not got then t:unsupported("publishing to " .. first .. " topics is not allowed") end
  a:expect({type = "PUBLISH", payload = "marker"}, {expected = "only the marker ('+' must not match $-topics)"})
end
