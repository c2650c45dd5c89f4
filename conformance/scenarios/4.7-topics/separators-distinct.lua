scenario {
  id = "4.7/topics/separators-distinct",
  title = "Topic names differing only in '.', ':', '\\', ' ' or '-' instead of '/' are distinct topics",
  description = [[Only '/' separates topic levels. Six subscribers each subscribe to one of
<b>/x/y, <b>/x.y, <b>/x:y, <b>/x\y, <b>/x y and <b>/x-y (exact filters); one publisher sends one
message to each of the six topics. Each subscriber must receive exactly the message of its own
topic, and nothing else within 0.5 s after it: a broker that treats '.' or ':' as a level
separator, or folds such characters, delivers to the wrong subscriber.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-4.7.3-4", "§4.7.1.1"},
  level = "MUST",
}

function run(t)
  local verify, sep = use("verify"), use("separators")
  local b = t:topic("m")
  local subs = {}
  for i, name in ipairs(sep.NAMES) do
    local s = t:connect("sub-" .. name)
    s:send{type = "SUBSCRIBE", id = 1, filter = sep.topic(b, i), qos = 0}
    t:subscribed(s, {type = "SUBACK", id = 1, reasons = {0}})
    subs[i] = s
  end
  local p = t:connect("pub")
  for i, name in ipairs(sep.NAMES) do
    p:send{type = "PUBLISH", topic = sep.topic(b, i), payload = name, qos = 0}
  end
  for i, name in ipairs(sep.NAMES) do
    subs[i]:expect({type = "PUBLISH", topic = sep.topic(b, i), payload = name},
      {expected = "only the message on '" .. sep.topic(b, i) .. "'"})
  end
  for i, name in ipairs(sep.NAMES) do
    verify.none_within(t, subs[i], i == 1 and verify.WINDOW or 0.05, function() return true end,
      "message of another topic for the '" .. name .. "' subscriber")
  end
end
