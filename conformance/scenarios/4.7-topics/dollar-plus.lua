scenario {
  id = "4.7/topics/dollar-plus",
  title = "A filter starting with '+' does not match a topic starting with '$'",
  description = [[Topic "$<p>/x" (the per-case prefix after a '$'). Subscriber A uses "+/<rest>",
which would match if '$' topics were not special; subscriber B uses the exact topic as a control.
The server must deliver to B and never to A: nothing reaches A within 0.5 s after B got the
message, then a marker on the same topic without the '$' (which "+/<rest>" matches) reaches A. If B gets nothing, the server forbids publishing to
'$' topics (allowed: it SHOULD prevent such use) and the case is unsupported.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-4.7.2-1"},
  level = "MUST",
  needs = {"wildcard"},
}

function run(t)
  local verify = use("verify")
  local tp = "$" .. t:topic("x")
  local first, rest = tp:match("^([^/]+)/(.*)$")
  local a = t:connect("a")
  a:send{type = "SUBSCRIBE", id = 1, filter = "+/" .. rest, qos = 0}
  t:subscribed(a, {type = "SUBACK", id = 1})
  local b = t:connect("b")
  b:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(b, {type = "SUBACK", id = 1})
  local p = t:connect("p")
  p:send{type = "PUBLISH", topic = tp, payload = "dollar", qos = 0}
  local got = b:recv{within = 2}
  if not got then t:unsupported("publishing to " .. first .. " topics is not allowed") end
  verify.none_within(t, a, verify.WINDOW, function() return true end, "message via '+/" .. rest .. "'")
  -- the same filter does match the topic without '$': A's subscription is live
  p:send{type = "PUBLISH", topic = first:sub(2) .. "/" .. rest, payload = "marker", qos = 0}
  a:expect({type = "PUBLISH", payload = "marker"}, {expected = "the marker on '" .. first:sub(2) .. "/" .. rest .. "'"})
end
