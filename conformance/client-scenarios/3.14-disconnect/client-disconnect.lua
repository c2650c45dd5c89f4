scenario {
  id = "3.14/disconnect/client-disconnect",
  title = "A client DISCONNECT is followed by the close and nothing else",
  description = [[When the application disconnects, the client sends DISCONNECT, then nothing more
on that connection, and closes it. A server that sees more traffic after DISCONNECT treats it as
a protocol error; one that never sees the close keeps the socket open.]],
  role = "client",
  section = "3.14",
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-3.14.4-1", "MQTT-3.14.4-2"},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true})
  local id = t.client:disconnect{}
  local p = c:expect({type = "DISCONNECT"}, {skip = {"PINGREQ"}})
  if t.v5 then
    t:check((p.reason or 0) == 0, "DISCONNECT reason 0x00", tostring(p.reason))
  end
  c:expect_closed{within = 3}
  t.client:ack(id)
end
