scenario {
  id = "3.3/retain/replace",
  title = "A new retained message replaces the previous one on the topic",
  description = [[Publish retained "old" then retained "new" (QoS 0, the case 3.1.1 spells out).
A new subscriber must receive only "new"; a live marker after SUBACK shows that no second retained
message follows.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.3.1-5", "MQTT-3.3.1-7"}, ["5.0"] = {"MQTT-3.3.1-5"}},
  level = "MUST",
  needs = {"retain"},
}

function run(t)
  local tp = t:topic("r")
  local witness = use("witness")
  local w = witness.open(t, tp)
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "old", qos = 0, retain = true}
  p:send{type = "PUBLISH", topic = tp, payload = "new", qos = 0, retain = true}
  witness.saw(t, w, {"old", "new"}) -- the broker has processed them
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  use("suback").with_retained(s, {type = "SUBACK", id = 1}, {{type = "PUBLISH", topic = tp, payload = "new", retain = true}})
  p:send{type = "PUBLISH", topic = tp, payload = "marker", qos = 0}
  s:expect({type = "PUBLISH", topic = tp, payload = "marker"}, {expected = "marker (only one retained message)"})
  p:send{type = "PUBLISH", topic = tp, payload = "", qos = 0, retain = true}
end
