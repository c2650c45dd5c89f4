scenario {
  id = "3.8/subscribe/subscription-identifier-overlap",
  title = "5.0: overlapping subscriptions deliver every matching Subscription Identifier",
  description = [[Two subscriptions of one client match the same topic: "<p>/+" with identifier 1
and "<p>/#" with identifier 2. If the server sends one copy it must carry both identifiers; if it
sends one copy per subscription each must carry its own. Either way, 1 and 2 must both be seen.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.3.4-3", "MQTT-3.3.4-4", "MQTT-3.3.4-5"}},
  level = "MUST",
  needs = {"subid", "wildcard"},
}

function run(t)
  local base = t:topic("so")
  local s = t:connect("s")
  s:send{type = "SUBSCRIBE", id = 1, filter = base .. "/+", qos = 0, props = {subscription_identifier = 1}}
  s:expect{type = "SUBACK", id = 1}
  s:send{type = "SUBSCRIBE", id = 2, filter = base .. "/#", qos = 0, props = {subscription_identifier = 2}}
  s:expect{type = "SUBACK", id = 2}
  local p = t:connect("p")
  p:send{type = "PUBLISH", topic = base .. "/x", payload = "x", qos = 0}
  p:send{type = "PUBLISH", topic = base .. "/x", payload = "marker", qos = 0}
  local seen, copies = {}, 0
  while true do
    local m = s:expect{type = "PUBLISH"}
    if m.payload == "marker" then break end
    copies = copies + 1
    local ids = m.props and m.props.subscription_identifier
    if type(ids) == "number" then ids = {ids} end
    t:check(ids ~= nil, "Subscription Identifier on every copy", "copy without identifier")
    for _, v in ipairs(ids) do seen[v] = true end
  end
  t:check(seen[1] and seen[2], "identifiers 1 and 2", "missing one (" .. copies .. " copies)")
end
