-- Expected against the good fake broker: FAIL. Preconditions that hold (a
-- CONNACK, a t:require function, a boolean, a PINGREQ barrier) leave the scope
-- behind them, so the check that follows is the case's own finding.
scenario {
  id = "api/fail-after-precondition",
  title = "a check after preconditions that held is the case's own finding",
  versions = {"3.1.1"},
  statements = {"MQTT-2.3.1-6"},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  c:send{type = "PUBLISH", topic = t:topic("x"), qos = 1, id = 1, payload = "p"}
  local a = t:require(function() return c:expect{type = "PUBACK", id = 1} end, "first PUBACK", "MQTT-2.3.1-6")
  t:require(a.id == 1, "the PUBACK returned")
  t:barrier(c)
  c:send{type = "PUBLISH", topic = t:topic("x"), qos = 1, id = 3, payload = "p"}
  c:expect{type = "PUBACK", id = 4}
end
