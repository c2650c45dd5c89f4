scenario {
  id = "ctest/no-connection",
  title = "No connection from the client is a finding after within",
  role = "client",
  versions = {"3.1.1"},
  statements = {},
  level = "MUST",
}

function run(t)
  t:accept("c1", {within = 0.5})
end
