-- A broker-mode scenario: client runs must not pick it up.
scenario {
  id = "ctest/broker-only",
  title = "A broker scenario in a client folder is skipped by client runs",
  versions = {"3.1.1"},
  statements = {},
  level = "MUST",
}

function run(t)
  error("a client run ran a broker scenario")
end
