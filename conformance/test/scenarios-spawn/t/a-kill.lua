scenario {
  id = "t/a-kill",
  title = "publishes to the topic that makes the test broker crash",
  versions = {"3.1.1"},
  statements = {},
  level = "MUST",
  alone = true,
}
function run(t)
  local c = t:connect("c1")
  c:send{type = "PUBLISH", topic = t:topic("crash"), qos = 0, payload = "x"}
  c:send{type = "PINGREQ"}
  c:expect_one_of({ {type = "PINGRESP"}, {closed = true} }, {within = 2})
end
