-- Fails every time (for the baseline test: an expected failure, "still failing").
scenario {
  id = "repeat/stable-fail",
  title = "a verdict that is FAIL every time",
  versions = {"3.1.1"},
  statements = {["3.1.1"] = {"MQTT-3.3.4-1"}},
  level = "MUST",
  timeout = 10,
}

function run(t)
  local c = t:connect("c1")
  t:check(c.connack.reason == 1, "CONNACK 1 (planted: the fake broker accepts)",
          "CONNACK " .. tostring(c.connack.reason))
  t:pass("unreachable")
end
