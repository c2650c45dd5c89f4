-- A scenario of the resource-oracle test (conformance/test/resources_test.sh):
-- resource_broker.py misbehaves on this case's trigger in one of its modes.
scenario {
  id = "t/c-malformed",
  title = "sends a reserved packet type (spin starts a busy thread on it)",
  versions = {"3.1.1"},
  statements = {},
  level = "MUST",
}
function run(t)
  local c = t:connect("c1")
  c:send_bytes(mqtt.hex("f0 00"))
  c:expect_closed{within = 2}
end
