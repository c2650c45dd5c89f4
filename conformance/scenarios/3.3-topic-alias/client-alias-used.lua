scenario {
  id = "3.3/topic-alias/client-alias-used",
  title = "5.0: a Topic Alias set by the client is honoured for later PUBLISHes",
  description = [[The server advertises Topic Alias Maximum >= 1 (else unsupported). PUBLISH 1 sets
alias 1 for topic T; PUBLISH 2 has an empty topic and alias 1. The server must accept every alias
from 1 to its maximum, so the subscriber receives both messages on T.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.3.2-12"}},
  level = "MUST",
  needs = {"topic_alias"},
}

function run(t)
  local tp = t:topic("alias")
  local s = t:connect("s")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local p = t:connect("p")
  p:send{type = "PUBLISH", topic = tp, payload = "set", qos = 0, props = {topic_alias = 1}}
  p:send{type = "PUBLISH", topic = "", payload = "use", qos = 0, props = {topic_alias = 1}}
  s:expect{type = "PUBLISH", topic = tp, payload = "set"}
  s:expect{type = "PUBLISH", topic = tp, payload = "use"}
end
