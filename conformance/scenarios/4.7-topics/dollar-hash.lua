scenario {
  id = "4.7/topics/dollar-hash",
  title = "The filter '#' does not match topics starting with '$'",
  description = [[Subscriber A uses "#" (hence this case runs alone); subscriber B the exact topic
"$<p>/x" as a control. A message to "$<p>/x" must reach B but never A. A must receive nothing on a
'$' topic within 0.5 s after B got it (a marker cannot share the topic A must not see), then a
marker on a normal topic shows A's subscription is live. If B gets nothing the server forbids '$' topics and the case is unsupported.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-4.7.2-1"},
  level = "MUST",
  needs = {"wildcard"},
  alone = true,
}

function run(t)
  local verify = use("verify")
  local tp = "$" .. t:topic("x")
  local a = t:connect("a")
  a:send{type = "SUBSCRIBE", id = 1, filter = "#", qos = 0}
  t:subscribed(a, {type = "SUBACK", id = 1})
  local b = t:connect("b")
  b:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(b, {type = "SUBACK", id = 1})
  local p = t:connect("p")
  p:send{type = "PUBLISH", topic = tp, payload = "dollar", qos = 0}
  local got = b:recv{within = 2}
  if not got then t:unsupported("publishing to $-topics is not allowed") end
  -- "#" may also carry other clients' traffic; only $-topics matter here. A cannot receive a
  -- marker on the $-topic, so absence is a bounded window after B got the message.
  verify.none_within(t, a, verify.WINDOW, function(m) return m.type == "PUBLISH" and m.topic:sub(1, 1) == "$" end,
    "$-topic message via '#'")
  p:send{type = "PUBLISH", topic = t:topic("mark"), payload = "marker", qos = 0}
  a:expect({type = "PUBLISH", topic = t:topic("mark"), payload = "marker"},
    {skip = true, expected = "the marker (the '#' subscription is live)"})
end
