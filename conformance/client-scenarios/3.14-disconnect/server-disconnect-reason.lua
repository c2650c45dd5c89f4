scenario {
  id = "3.14/disconnect/server-disconnect-reason",
  title = "A server DISCONNECT 0x8B: the client closes and reports the reason",
  description = [[A 5.0 server ends a connection with a DISCONNECT whose reason says why (0x8B
Server shutting down). A reason of 0x80 or more means the connection must be closed; the client
must close its side and the application should learn the reason code.]],
  role = "client",
  section = "3.14",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.13.2-1", "§3.14.2.1"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true})
  c:send{type = "DISCONNECT", reason = 0x8B}
  c:expect_closed{within = 3}
  local ev = t.client:expect({event = "connection_lost"}, {within = 3})
  if ev.reason ~= 0x8B then
    t:log("connection_lost reason " .. tostring(ev.reason) .. " (0x8B not exposed to the application)")
  end
end
