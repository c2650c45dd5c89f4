scenario {
  id = "3.14/disconnect/server-disconnect-reason-exposed",
  title = "The reason code and Reason String of a server DISCONNECT reach the application",
  description = [[The DISCONNECT reason code (0x98 Administrative action here) and its Reason String
are the only diagnosis the application gets for being thrown out. This checks that the library
hands both over; the specification does not oblige it to.]],
  role = "client",
  section = "3.14",
  versions = {"5.0"},
  statements = {["5.0"] = {"§3.14.2.1", "§3.14.2.2.3"}},
  level = "MAY",
  needs = {"connection_lost.props"},
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true})
  c:send{type = "DISCONNECT", reason = 0x98, props = {reason_string = "maintenance"}}
  c:expect_closed{within = 3}
  local ev = t.client:expect({event = "connection_lost"}, {within = 3})
  t:check(ev.reason == 0x98, "reason 0x98 in connection_lost", tostring(ev.reason))
  t:check((ev.props or {}).reason_string == "maintenance", "Reason String maintenance",
    tostring((ev.props or {}).reason_string))
end
