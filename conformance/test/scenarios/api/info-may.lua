-- Expected against the good fake broker: INFORMATIONAL (t:fail in a MAY scenario).
scenario {
  id = "api/info-may",
  title = "a finding in a MAY scenario is recorded as INFORMATIONAL",
  versions = {"3.1.1"},
  statements = {},
  level = "MAY",
}

function run(t)
  local c = t:connect("c1")
  local p, why = c:recv{within = 0.2}
  t:fail{expected = "a packet", observed = "recv gave " .. tostring(why)}
end
