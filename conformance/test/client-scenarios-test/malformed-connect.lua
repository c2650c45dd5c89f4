-- The client sends a CONNECT with the reserved flag set: a finding of its own.
scenario {
  id = "ctest/malformed-connect",
  title = "A malformed CONNECT from the client is a FAIL with the codec's statement",
  role = "client",
  versions = {"3.1.1"},
  statements = {},
  level = "SHOULD",
}

function run(t)
  local d = t.client
  d:ack(d:cmd{cmd = "mode", mode = "bad_connect"})
  d:connect{}
  t:accept_connect("c1", {within = 3})
end
