-- Expected against the good fake broker: NON-STRICT (a SHOULD scenario whose
-- expectation does not hold: the fake broker answers PINGREQ).
scenario {
  id = "api/nonstrict-should",
  title = "an unmet SHOULD is NON-STRICT",
  versions = {"5.0"},
  statements = {},
  level = "SHOULD",
}

function run(t)
  local c = t:connect("c1")
  c:send{type = "PINGREQ"}
  c:expect_silence(0.3)
end
