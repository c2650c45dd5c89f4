scenario {
  id = "3.3/retain/clear-empty",
  title = "A retained PUBLISH with an empty payload removes the retained message",
  description = [[Publish retained "x", then a retained zero-byte message on the same topic. The
retained message must be removed and the empty one not stored: a new subscriber receives no
retained message (a live marker after SUBACK bounds the wait).]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.3.1-10", "MQTT-3.3.1-11"}, ["5.0"] = {"MQTT-3.3.1-6", "MQTT-3.3.1-7"}},
  level = "MUST",
  needs = {"retain"},
}

function run(t)
  local tp = t:topic("r")
  local witness = use("witness")
  local w = witness.open(t, tp)
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "x", qos = 0, retain = true}
  p:send{type = "PUBLISH", topic = tp, payload = "", qos = 0, retain = true}
  witness.saw(t, w, {"x", ""}) -- the broker has processed them
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  p:send{type = "PUBLISH", topic = tp, payload = "marker", qos = 0}
  s:expect({type = "PUBLISH", topic = tp, payload = "marker"}, {expected = "only the live marker (nothing retained)"})
end
