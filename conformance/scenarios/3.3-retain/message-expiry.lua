scenario {
  id = "3.3/retain/message-expiry",
  title = "5.0: an expired retained message is no longer delivered",
  description = [[A retained message with Message Expiry Interval 1 s. After 2.2 s a new subscriber
must not receive it (the server must not deliver a message whose expiry has passed). A second
retained message with a long expiry on a sibling topic shows retained delivery works.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.3.2-5"}},
  level = "MUST",
  needs = {"retain", "wildcard"},
  timeout = 8,
}

function run(t)
  local base = t:topic("rx")
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = base .. "/short", payload = "s", qos = 0, retain = true,
    props = {message_expiry_interval = 1}}
  p:send{type = "PUBLISH", topic = base .. "/long", payload = "l", qos = 0, retain = true,
    props = {message_expiry_interval = 60}}
  t:sleep(2.2)
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = base .. "/+", qos = 0}
  local _, m = use("suback").with_retained(s, {type = "SUBACK", id = 1}, {{type = "PUBLISH", retain = true}})
  p:send{type = "PUBLISH", topic = base .. "/z", payload = "marker", qos = 0}
  local m2 = s:expect({type = "PUBLISH"}, {expected = "the marker"})
  p:send{type = "PUBLISH", topic = base .. "/long", payload = "", qos = 0, retain = true}
  p:send{type = "PUBLISH", topic = base .. "/short", payload = "", qos = 0, retain = true}
  t:check(m.topic == base .. "/long", "only the unexpired retained message", "got " .. m.topic)
  t:check(m2.payload == "marker", "no expired retained message", "got " .. m2.topic)
end
