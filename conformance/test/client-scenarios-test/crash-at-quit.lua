scenario {
  id = "ctest/crash-at-quit",
  title = "A client that crashes after the scenario passed still fails the case",
  role = "client",
  versions = {"5.0"},
  statements = {},
  level = "MUST",
}

function run(t)
  local d = t.client
  d:ack(d:cmd{cmd = "mode", mode = "crash_on_quit"})
  local id = d:connect{}
  t:accept_connect("c1")
  d:expect{event = "connected", id = id}
end
