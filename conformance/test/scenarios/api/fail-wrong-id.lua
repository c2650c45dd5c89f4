-- Expected against the good fake broker: FAIL (the PUBACK carries id 1, not 2),
-- with expected and observed filled in by the engine.
scenario {
  id = "api/fail-wrong-id",
  title = "an expectation that does not hold fails a MUST scenario",
  versions = {"3.1.1"},
  statements = {"MQTT-2.3.1-6"},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  c:send{type = "PUBLISH", topic = t:topic("x"), qos = 1, id = 1, payload = "p"}
  c:expect{type = "PUBACK", id = 2}
end
