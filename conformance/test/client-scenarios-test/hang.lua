scenario {
  id = "ctest/hang",
  title = "A client that stops answering ends the case within its wait",
  role = "client",
  versions = {"3.1.1"},
  statements = {},
  level = "MUST",
  timeout = 8,
}

function run(t)
  local d = t.client
  d:ack(d:cmd{cmd = "mode", mode = "hang"})
  local id = d:connect{}
  d:ack(id, {within = 1})
end
