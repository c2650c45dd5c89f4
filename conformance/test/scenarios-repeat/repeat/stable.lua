-- Against the good fake broker: PASS every time, so --repeat folds it to PASS.
scenario {
  id = "repeat/stable",
  title = "a verdict that does not move",
  versions = {"3.1.1"},
  statements = {["3.1.1"] = {"MQTT-3.3.4-1"}},
  level = "MUST",
  timeout = 10,
}

function run(t)
  local c = t:connect("c1")
  c:send{type = "PUBLISH", topic = t:topic("x/stable"), qos = 1, id = 1, payload = "p"}
  c:expect({type = "PUBACK", id = 1}, {within = 1})
  t:pass("PUBACK received")
end
