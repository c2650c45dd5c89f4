scenario {
  id = "3.3/publish/all-subscribers",
  title = "An accepted message is delivered to every matching subscriber",
  description = [[Three clients subscribe to the same topic (two by exact name, one by "+"). One
QoS 1 PUBLISH must reach all three: the server adds it to every matching session.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-4.5.0-1"},
  level = "MUST",
  needs = {"qos1", "grant_qos1", "wildcard"},
}

function run(t)
  local tp = t:topic("fan/x")
  local subs = {}
  for i, f in ipairs({tp, tp, t:topic("fan/+")}) do
    local s = t:connect("s" .. i)
    s:send{type = "SUBSCRIBE", id = 1, filter = f, qos = 1}
    t:subscribed(s, {type = "SUBACK", id = 1, reasons = {1}})
    subs[i] = s
  end
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "all", qos = 1, id = 1}
  p:expect{type = "PUBACK", id = 1}
  for _, s in ipairs(subs) do
    local m = s:expect{type = "PUBLISH", topic = tp, payload = "all", qos = 1}
    s:send{type = "PUBACK", id = m.id}
  end
end
