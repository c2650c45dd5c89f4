-- A scenario of the resource-oracle test (conformance/test/resources_test.sh):
-- resource_broker.py misbehaves on this case's trigger in one of its modes.
scenario {
  id = "t/e-publish-boom",
  title = "publishes to a topic holding boom (sanitizer prints a UBSan report on it)",
  versions = {"3.1.1"},
  statements = {},
  level = "MUST",
}
function run(t)
  local c = t:connect("c1")
  c:send{type = "PUBLISH", topic = t:topic("boom"), payload = "x", qos = 1, id = 1}
  c:expect{type = "PUBACK", id = 1}
  c:send{type = "DISCONNECT"}
  c:expect_closed{within = 2}
end
