scenario {
  id = "ctest/deadline",
  title = "A wait longer than the case's timeout ends as TIMEOUT at the deadline",
  role = "client",
  versions = {"3.1.1"},
  statements = {},
  level = "MUST",
  timeout = 1,
}

function run(t)
  t.client:expect({event = "never"}, {within = 30})
end
