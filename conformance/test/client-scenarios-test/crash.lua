scenario {
  id = "ctest/crash",
  title = "A client that dies of SIGSEGV on CONNACK fails the case",
  role = "client",
  versions = {"3.1.1"},
  statements = {},
  level = "MAY",
}

function run(t)
  local d = t.client
  d:ack(d:cmd{cmd = "mode", mode = "crash_on_connack"})
  local id = d:connect{}
  t:accept_connect("c1")
  d:expect{event = "connected", id = id}
end
