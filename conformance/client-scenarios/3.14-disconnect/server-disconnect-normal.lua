scenario {
  id = "3.14/disconnect/server-disconnect-normal",
  title = "After a server DISCONNECT 0x00 the client ends the connection and reports the loss",
  description = [[DISCONNECT is the last packet on a connection: after a server DISCONNECT 0x00
(normal disconnection) the connection is over. We leave our side open for 3 s: the client should
close it rather than keep using it. Then we close and the application must learn the connection
is gone.]],
  role = "client",
  section = "3.14",
  versions = {"5.0"},
  statements = {["5.0"] = {"§3.14"}},
  level = "SHOULD",
}

function run(t)
  local c = use("client").connect(t, {clean = true})
  c:send{type = "DISCONNECT", reason = 0}
  local _, why = c:recv{within = 3}
  if why ~= "closed" and why ~= "reset" then
    c:close()
    t.client:expect({event = "connection_lost"}, {within = 3, level = "MUST"})
    t:nonstrict{expected = "the client closes the connection after a server DISCONNECT 0x00",
      observed = "connection still open 3 s after the DISCONNECT (" .. tostring(why) .. ")"}
  end
  t.client:expect({event = "connection_lost"}, {within = 3, level = "MUST"})
end
