scenario {
  id = "3.3/topic-alias/server-alias-within-max",
  title = "5.0: server Topic Aliases stay within the client's Topic Alias Maximum",
  description = [[The subscriber allows Topic Alias Maximum 1. Over five messages on two topics,
any Topic Alias the server uses must be 1, and a message with an empty topic must use an alias the
server set earlier on this connection (we track the mapping and check each resolved topic).]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.2-26", "MQTT-3.3.2-11"}},
  level = "MUST",
}

function run(t)
  local ta, tb = t:topic("a"), t:topic("b")
  local s = t:connect("s", {props = {topic_alias_maximum = 1}})
  s:send{type = "SUBSCRIBE", id = 1, subs = {{filter = ta, qos = 0}, {filter = tb, qos = 0}}}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local p = t:connect("p")
  local order = {ta, ta, tb, ta, tb}
  for i, tp in ipairs(order) do p:send{type = "PUBLISH", topic = tp, payload = tostring(i), qos = 0} end
  local map = {}
  for i, tp in ipairs(order) do
    local m = s:expect{type = "PUBLISH", payload = tostring(i)}
    local alias = m.props and m.props.topic_alias
    local topic = m.topic
    if alias then
      t:check(alias == 1, "Topic Alias 1 at most", "Topic Alias " .. alias)
      if topic == "" then topic = map[alias] else map[alias] = topic end
    end
    t:check(topic == tp, "message " .. i .. " on " .. tp, "resolved to " .. tostring(topic))
  end
end
