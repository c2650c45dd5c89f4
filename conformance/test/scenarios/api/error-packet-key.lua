-- Expected against the good fake broker: ERROR naming the file, the line and the key.
scenario {
  id = "api/error-packet-key",
  title = "a packet table key its type does not have is a script error",
  versions = {"3.1.1"},
  statements = {},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  c:send{type = "PUBLISH", topic = t:topic("k"), qso = 1, payload = "x"}
  t:pass("the typo was ignored")
end
