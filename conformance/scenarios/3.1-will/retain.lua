scenario {
  id = "3.1/will/retain",
  title = "A will with Will Retain 1 is published as a retained message",
  description = [[Client "w" has a retained will and aborts. A client subscribing to the will topic
afterwards must receive it as a retained message (RETAIN 1). The retained will is cleared at the
end.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-17"}, ["5.0"] = {"MQTT-3.1.2-15"}},
  level = "MUST",
  needs = {"retain"},
}

function run(t)
  local wt = t:topic("will")
  local s = t:connect("watch")
  s:send{type = "SUBSCRIBE", id = 1, filter = wt, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local w = t:connect("w", {will = {topic = wt, payload = "kept", qos = 0, retain = true}})
  w:reset()
  s:expect{type = "PUBLISH", topic = wt, payload = "kept"} -- will has been processed
  local late = t:connect("late")
  late:send{type = "SUBSCRIBE", id = 1, filter = wt, qos = 0}
  t:subscribed(late, {type = "SUBACK", id = 1})
  local p = late:expect{type = "PUBLISH", topic = wt, payload = "kept"}
  s:send{type = "PUBLISH", topic = wt, payload = "", retain = true} -- clean up
  t:check(p.retain == true, "RETAIN 1 on the retained will", "RETAIN 0")
end
