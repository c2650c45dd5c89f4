scenario {
  id = "4.7/topics/dollar-hash",
  title = "The filter '#' does not match topics starting with '$'",
  description = [[Subscriber A uses "#" (hence this case runs alone); subscriber B the exact topic
"$<p>/x" as a control. A message to "$<p>/x" must reach B but never A. A then gets a marker on a
normal topic. If B gets nothing the server forbids '$' topics and the case is unsupported.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-4.7.2-1"},
  level = "MUST",
  needs = {"wildcard"},
  alone = true,
}

function run(t)
  local tp = "$" .. t:topic("x")
  local a = t:connect("a")
  a:send{type = "SUBSCRIBE", id = 1, filter = "#", qos = 0}
  a:expect{type = "SUBACK", id = 1}
  local b = t:connect("b")
  b:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  b:expect{type = "SUBACK", id = 1}
  local p = t:connect("p")
  p:send{type = "PUBLISH", topic = tp, payload = "dollar", qos = 0}
  p:send{type = "PUBLISH", topic = t:topic("mark"), payload = "marker", qos = 0}
  local got = b:recv{within = 2}
  if not got then t:unsupported("publishing to $-topics is not allowed") end
  -- "#" may also carry other clients' traffic and retained messages; only $-topics matter here
  while true do
    local m = a:expect({type = "PUBLISH"}, {expected = "the marker"})
    t:check(m.topic:sub(1, 1) ~= "$", "no $-topic via '#'", "received " .. m.topic)
    if m.payload == "marker" and m.topic == t:topic("mark") then break end
  end
end
