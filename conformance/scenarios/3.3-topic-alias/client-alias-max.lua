scenario {
  id = "3.3/topic-alias/client-alias-max",
  title = "5.0: the highest advertised Topic Alias value is accepted",
  description = [[Using alias = the server's Topic Alias Maximum (the top of the allowed range) must
work like alias 1.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.3.2-12"}},
  level = "MUST",
  needs = {"topic_alias"},
}

function run(t)
  local max = t:caps().topic_alias_maximum
  local tp = t:topic("alias")
  local s = t:connect("s")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local p = t:connect("p")
  p:send{type = "PUBLISH", topic = tp, payload = "set", qos = 0, props = {topic_alias = max}}
  p:send{type = "PUBLISH", topic = "", payload = "use", qos = 0, props = {topic_alias = max}}
  s:expect{type = "PUBLISH", topic = tp, payload = "set"}
  s:expect{type = "PUBLISH", topic = tp, payload = "use"}
end
