scenario {
  id = "3.3/retain/separators-distinct",
  title = "Retained messages of topics differing only in '.', ':', '\\', ' ' or '-' instead of '/' are kept apart",
  description = [[One publisher stores a retained QoS 1 message on each of <b>/x/y, <b>/x.y,
<b>/x:y, <b>/x\y, <b>/x y and <b>/x-y (payload names the character). A new subscriber to each
exact topic must receive that topic's retained message and no other within 0.5 s: each name is a
topic of its own, so none replaces or shadows another. The retained messages are cleared at the
end.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.3.1-5", "MQTT-3.3.1-6", "MQTT-4.7.3-4"}, ["5.0"] = {"MQTT-3.3.1-5", "MQTT-3.3.1-9", "MQTT-4.7.3-4"}},
  level = "MUST",
  needs = {"retain", "qos1"},
}

function run(t)
  local verify, sep = use("verify"), use("separators")
  local b = t:topic("r")
  local p = t:connect("pub")
  for i, name in ipairs(sep.NAMES) do
    p:send{type = "PUBLISH", topic = sep.topic(b, i), payload = name, qos = 1, id = i, retain = true}
    p:expect{type = "PUBACK", id = i}
  end
  for i, name in ipairs(sep.NAMES) do
    local s = t:connect("sub-" .. name)
    s:send{type = "SUBSCRIBE", id = 1, filter = sep.topic(b, i), qos = 0}
    use("suback").with_retained(s, {type = "SUBACK", id = 1},
      {{type = "PUBLISH", topic = sep.topic(b, i), payload = name, retain = true}},
      {expected = "the SUBACK and the retained message of '" .. sep.topic(b, i) .. "' only"})
    verify.none_within(t, s, i == 1 and verify.WINDOW or 0.1, function() return true end,
      "other retained message for '" .. sep.topic(b, i) .. "'")
  end
  for i in ipairs(sep.NAMES) do
    p:send{type = "PUBLISH", topic = sep.topic(b, i), payload = "", qos = 0, retain = true}
  end
end
