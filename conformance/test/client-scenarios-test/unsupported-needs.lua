scenario {
  id = "ctest/unsupported-needs",
  title = "needs naming a field the driver lacks is UNSUPPORTED",
  role = "client",
  versions = {"5.0"},
  statements = {},
  level = "MUST",
  needs = {"will.props"},
}

function run(t)
  error("must not run")
end
