scenario {
  id = "3.3/retain/live-retain-flag",
  title = "A retained message forwarded to an existing subscription carries RETAIN 0",
  description = [[A client already subscribed receives a message published with RETAIN 1. It is
sent because of an established subscription, so RETAIN must be 0 (3.1.1; in 5.0 the same holds for
Retain As Published 0, the default).]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.3.1-9"}, ["5.0"] = {"MQTT-3.3.1-12"}},
  level = "MUST",
  needs = {"retain"},
}

function run(t)
  local tp = t:topic("r")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "now", qos = 0, retain = true}
  local m = s:expect{type = "PUBLISH", topic = tp, payload = "now"}
  p:send{type = "PUBLISH", topic = tp, payload = "", qos = 0, retain = true}
  t:check(m.retain == false, "RETAIN 0 on a live delivery", "RETAIN 1")
end
