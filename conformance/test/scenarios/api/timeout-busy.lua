-- Expected: TIMEOUT (a busy loop meets the case deadline through the hook).
scenario {
  id = "api/timeout-busy",
  title = "a busy loop becomes TIMEOUT at the case deadline",
  versions = {"3.1.1"},
  statements = {},
  level = "MUST",
  timeout = 1,
}

function run(t)
  local n = 0
  while true do n = n + 1 end
end
