scenario {
  id = "3.3/retain/resubscribe-resends",
  title = "Re-subscribing with an identical filter sends the retained messages again",
  description = [[A subscription replaced by an identical SUBSCRIBE must have its retained messages
re-sent (3.1.1 MQTT-3.8.4-3; 5.0 with Retain Handling 0, the default).]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.8.4-3"}, ["5.0"] = {"MQTT-3.8.4-4", "MQTT-3.3.1-9"}},
  level = "MUST",
  needs = {"retain"},
}

function run(t)
  local tp = t:topic("r")
  local witness = use("witness")
  local w = witness.open(t, tp)
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "again", qos = 0, retain = true}
  witness.saw(t, w, {"again"}) -- the broker has processed them
  local s = t:connect("sub")
  for i = 1, 2 do
    s:send{type = "SUBSCRIBE", id = i, filter = tp, qos = 0}
    use("suback").with_retained(s, {type = "SUBACK", id = i}, {{type = "PUBLISH", topic = tp, payload = "again", retain = true}})
  end
  p:send{type = "PUBLISH", topic = tp, payload = "", qos = 0, retain = true}
end
