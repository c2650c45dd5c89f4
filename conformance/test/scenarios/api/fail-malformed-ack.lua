-- Expected against the good fake broker: FAIL citing the codec's statement id,
-- because the broker answers with a malformed PUBACK (remaining length 1).
scenario {
  id = "api/fail-malformed-ack",
  title = "a malformed packet from the broker is a finding",
  versions = {"3.1.1"},
  statements = {},
  level = "MAY",
}

function run(t)
  local c = t:connect("c1")
  c:send{type = "PUBLISH", topic = t:topic("x/malformed-ack"), qos = 1, id = 5, payload = "p"}
  c:recv{within = 0.5}
end
