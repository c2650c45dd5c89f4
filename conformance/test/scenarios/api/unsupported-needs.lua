-- Expected: UNSUPPORTED for 3.1.1 (shared subscriptions are an MQTT 5 feature).
scenario {
  id = "api/unsupported-needs",
  title = "a capability the version lacks makes the case UNSUPPORTED",
  versions = {"3.1.1"},
  statements = {},
  level = "MUST",
  needs = {"shared"},
}

function run(t) t:fail{observed = "must not run"} end
