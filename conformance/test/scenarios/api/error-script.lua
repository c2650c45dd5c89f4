-- Expected: ERROR, and the message names this file and line 12.
scenario {
  id = "api/error-script",
  title = "a script error is an ERROR with file and line",
  versions = {"3.1.1"},
  statements = {},
  level = "MUST",
}

function run(t)
  local x = nil
  return x.field
end
