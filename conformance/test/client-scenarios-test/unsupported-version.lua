scenario {
  id = "ctest/unsupported-version",
  title = "A version the driver lacks is UNSUPPORTED",
  role = "client",
  versions = {"3.1"},
  statements = {},
  level = "MUST",
}

function run(t)
  error("must not run")
end
