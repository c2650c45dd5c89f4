-- Expected against the good fake broker: ERROR: an option inside a pattern is a script error.
scenario {
  id = "api/error-option-in-pattern",
  title = "options come in the options table, not in a pattern",
  versions = {"3.1.1"},
  statements = {},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  c:send{type = "PINGREQ"}
  c:expect{type = "PINGRESP", within = 1}
  t:pass("the option was read from the pattern")
end
