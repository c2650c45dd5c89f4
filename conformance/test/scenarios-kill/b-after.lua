-- Runs after kill/a-kills-broker (sorted by path, -j 1): must be SKIPPED.
scenario {
  id = "kill/b-after",
  title = "a case after the broker died",
  versions = {"3.1.1", "5.0"},
  statements = {},
  level = "MUST",
}

function run(t)
  t:connect("c1")
end
