-- A scenario of the resource-oracle test (conformance/test/resources_test.sh):
-- resource_broker.py misbehaves on this case's trigger in one of its modes.
scenario {
  id = "t/d-qos2-same-id",
  title = "repeats a QoS 2 PUBLISH with one packet id (leak-mem keeps 1 MiB per repeat)",
  versions = {"3.1.1"},
  statements = {},
  level = "MUST",
}
function run(t)
  local c = t:connect("c1")
  for i = 1, 4 do
    c:send{type = "PUBLISH", topic = t:topic("q2"), payload = "m", qos = 2, id = 7, dup = i > 1}
    c:expect{type = "PUBREC", id = 7}
  end
  c:send{type = "PUBREL", id = 7}
  c:expect{type = "PUBCOMP", id = 7}
  c:send{type = "DISCONNECT"}
  c:expect_closed{within = 2}
end
