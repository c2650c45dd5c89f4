scenario {
  id = "3.3/topic-alias/server-alias",
  title = "A server Topic Alias is resolved: the application gets the full topic",
  description = [[A client that sent Topic Alias Maximum 5 must accept aliases 1..5 from the
server. We send a PUBLISH with topic and alias 1, then one with an empty topic and alias 1. The
application must see the full topic on both messages; an empty topic would misroute the second.]],
  role = "client",
  section = "3.3",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.3.2-10", "§3.3.2.3.4"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local d = t.client
  local c = cl.connect(t, {clean = true, props = {topic_alias_maximum = 5}})
  cl.subscribe(t, c, "mqc/ta/#", 0)
  c:send{type = "PUBLISH", topic = "mqc/ta/x", qos = 0, payload = "one", props = {topic_alias = 1}}
  d:expect({event = "message", payload = "one"}, {skip = {"error"}})
  c:send_unchecked{type = "PUBLISH", topic = "", qos = 0, payload = "two", props = {topic_alias = 1}}
  local m = d:expect({event = "message", payload = "two"}, {skip = {"error"},
    expected = "a message event with payload two"})
  t:check(m.topic == "mqc/ta/x", "topic mqc/ta/x on the aliased message", "topic " .. tostring(m.topic))
end
