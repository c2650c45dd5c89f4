-- Expected: ERROR at load time, the message names the unknown statement id.
scenario {
  id = "api/error-unknown-stmt",
  title = "a scenario citing an unknown statement id is an ERROR",
  versions = {"3.1.1"},
  statements = {"MQTT-9.9.9-99"},
  level = "MUST",
}

function run(t) t:pass("never reached") end
