scenario {
  id = "4.3/qos/recv-pubrel-unknown",
  title = "A PUBREL for an unknown packet id is answered with PUBCOMP",
  description = [[After a reconnect the server may resend a PUBREL whose PUBLISH the client has
already completed. The receiver must answer every PUBREL with a PUBCOMP carrying the same id (in
5.0 with reason 0x00 or 0x92 Packet Identifier not found), or the server holds the id forever.]],
  role = "client",
  section = "4.3",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.3-2"}, ["5.0"] = {"MQTT-4.3.3-11", "§3.7.2.1"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true})
  c:send{type = "PUBREL", id = 1234}
  local p = c:expect({type = "PUBCOMP", id = 1234}, {skip = {"PINGREQ"}})
  if t.v5 then
    local r = p.reason or 0
    t:check(r == 0 or r == 0x92, "PUBCOMP reason 0x00 or 0x92", string.format("0x%02x", r))
  end
end
