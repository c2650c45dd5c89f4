-- Against the good fake broker, whose PUBACK for ".../alternate" comes every
-- second time: run twice (--repeat 2) this case passes once and fails once,
-- whatever order the runs happen in, so it must fold to FLAKY [PASS, FAIL].
scenario {
  id = "repeat/alternating",
  title = "a verdict that moves between runs",
  versions = {"3.1.1"},
  statements = {["3.1.1"] = {"MQTT-3.3.4-1"}},
  level = "MUST",
  timeout = 10,
}

function run(t)
  local c = t:connect("c1")
  c:send{type = "PUBLISH", topic = t:topic("x/alternate"), qos = 1, id = 1, payload = "p"}
  c:expect({type = "PUBACK", id = 1}, {within = 1})
  t:pass("PUBACK received")
end
