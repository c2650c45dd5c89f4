-- Expected against the good fake broker: ERROR "precondition failed", with a
-- precondition object naming the step and its statement: a check that fails
-- inside t:require is not a finding against the case's statements.
scenario {
  id = "api/error-precondition",
  title = "a failed precondition blocks the case instead of failing it",
  versions = {"3.1.1"},
  statements = {"MQTT-3.3.1-5"},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  c:send{type = "PUBLISH", topic = t:topic("x"), qos = 1, id = 1, payload = "p"}
  t:require(function() c:expect{type = "PUBACK", id = 2} end, "PUBACK with the id sent", "MQTT-2.3.1-6")
  t:fail("not reached")
end
