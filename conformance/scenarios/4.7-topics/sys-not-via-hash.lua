scenario {
  id = "4.7/topics/sys-not-via-hash",
  title = "'#' and '+/...' never deliver $SYS topics, while '$SYS/#' may",
  description = [[Many brokers keep retained $SYS topics. Subscribing "#" must deliver none of them
(retained or live), nor may "+/broker/#". We drain what "#" delivers up to a marker and for 1 s
after it (deliveries on different topics are not ordered) and check no topic starts with '$'. Runs alone because it subscribes to "#".]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-4.7.2-1"},
  level = "MUST",
  needs = {"wildcard"},
  alone = true,
}

function run(t)
  local verify = use("verify")
  local a = t:connect("a")
  a:send{type = "SUBSCRIBE", id = 1, subs = {{filter = "#", qos = 0}, {filter = "+/broker/#", qos = 0}}}
  t:subscribed(a, {type = "SUBACK", id = 1})
  t:connect("p"):send{type = "PUBLISH", topic = t:topic("mark"), payload = "marker", qos = 0}
  while true do
    local m = a:expect({type = "PUBLISH"}, {expected = "the marker"})
    t:check(m.topic:sub(1, 1) ~= "$", "no $-topic via '#' or '+'", "received " .. m.topic)
    if m.payload == "marker" and m.topic == t:topic("mark") then break end
  end
  -- the marker shows the subscriptions are live, not that no $SYS message follows it (no
  -- order across topics): a bounded window after it must hold no $-topic either
  verify.none_within(t, a, 1.0, function(m) return m.type == "PUBLISH" and m.topic:sub(1, 1) == "$" end,
    "$-topic message via '#' or '+/broker/#'")
end
