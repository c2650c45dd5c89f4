scenario {
  id = "ctest/exit",
  title = "A client that exits on its own fails the case",
  role = "client",
  versions = {"3.1.1"},
  statements = {},
  level = "MUST",
}

function run(t)
  local d = t.client
  d:cmd{cmd = "mode", mode = "exit"}
  d:expect{event = "connected"}
end
