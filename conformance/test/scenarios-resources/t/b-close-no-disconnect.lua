-- A scenario of the resource-oracle test (conformance/test/resources_test.sh):
-- resource_broker.py misbehaves on this case's trigger in one of its modes.
scenario {
  id = "t/b-close-no-disconnect",
  title = "closes the connection without DISCONNECT (leak-fd keeps a descriptor of it)",
  versions = {"3.1.1"},
  statements = {},
  level = "MUST",
}
function run(t)
  local c = t:connect("c1")
  c:send{type = "PINGREQ"}
  c:expect{type = "PINGRESP"}
  c:close()
end
