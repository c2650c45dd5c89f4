scenario {
  id = "ctest/script-error",
  title = "A broken script is an ERROR",
  role = "client",
  versions = {"3.1.1"},
  statements = {},
  level = "MUST",
}

function run(t)
  t:connect("c1") -- not available in client mode
end
