scenario {
  id = "3.1/keepalive/zero-disables",
  title = "Keep Alive 0 turns the keep-alive mechanism off",
  description = [[With Keep Alive 0 there is no keep-alive timeout. After 1.6 s of silence (beyond 1.5 x any 1 s timer) the
connection should still answer PINGREQ. The spec also lets a server drop inactive clients at any
time, so a close is informational, not a failure.]],
  versions = {"3.1.1", "5.0"},
  statements = {"§3.1.2.10"},
  level = "MAY",
  timeout = 6,
}

function run(t)
  local c = t:connect("c1", {keepalive = 0})
  c:expect_silence(1.6)
  t:barrier(c)
end
