-- A scenario of the resource-oracle test (conformance/test/resources_test.sh):
-- resource_broker.py misbehaves on this case's trigger in one of its modes.
scenario {
  id = "t/a-healthy",
  title = "connects, pings and says DISCONNECT: no mode misbehaves on it",
  versions = {"3.1.1"},
  statements = {},
  level = "MUST",
}
function run(t)
  local c = t:connect("c1")
  c:send{type = "PINGREQ"}
  c:expect{type = "PINGRESP"}
  c:send{type = "DISCONNECT"}
  c:expect_closed{within = 2}
end
