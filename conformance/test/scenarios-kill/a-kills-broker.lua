-- Against the good fake broker: this PUBLISH makes it exit. The scenario itself
-- passes; the liveness check after it must report the broker's death against it.
scenario {
  id = "kill/a-kills-broker",
  title = "a message that kills the broker",
  versions = {"3.1.1"},
  statements = {},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  c:send{type = "PUBLISH", topic = t:topic("x/exit-broker"), payload = "bye"}
  t:pass("sent")
end
