-- Expected: TIMEOUT soon after the deadline, although the script catches the
-- deadline error with pcall and loops on.
scenario {
  id = "api/timeout-swallowed",
  title = "a script that swallows the deadline error still ends at the deadline",
  versions = {"3.1.1"},
  statements = {},
  level = "MUST",
  timeout = 1,
}

function run(t)
  while true do pcall(function() while true do end end) end
end
