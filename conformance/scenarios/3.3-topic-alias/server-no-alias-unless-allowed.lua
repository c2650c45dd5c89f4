scenario {
  id = "3.3/topic-alias/server-no-alias-unless-allowed",
  title = "5.0: without Topic Alias Maximum from the client the server sends no Topic Alias",
  description = [[The subscriber's CONNECT has no Topic Alias Maximum (so 0). Five messages on the
same topic must all arrive with the full topic name and no Topic Alias property.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.2-27"}},
  level = "MUST",
}

function run(t)
  local tp = t:topic("a")
  local s = t:connect("s")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local p = t:connect("p")
  for i = 1, 5 do p:send{type = "PUBLISH", topic = tp, payload = tostring(i), qos = 0} end
  for i = 1, 5 do s:expect{type = "PUBLISH", topic = tp, payload = tostring(i), props = {topic_alias = mqtt.ABSENT}} end
end
