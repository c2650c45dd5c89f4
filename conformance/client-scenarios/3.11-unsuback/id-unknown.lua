scenario {
  id = "3.11/unsuback/id-unknown",
  title = "An UNSUBACK for a packet id the client never used makes it close, not report the unsubscribe",
  description = [[The server answers the client's UNSUBSCRIBE with an UNSUBACK carrying a
different packet id. An UNSUBACK must echo the id of the UNSUBSCRIBE it answers (3.1.1 2.3.1-7,
5.0 2.2.1-6): the client must not report the unsubscribe done because of it, and it must close on
the protocol violation (3.1.1 MUST, 4.8.0-1; 5.0 SHOULD, §4.13.1).]],
  role = "client",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-2.3.1-7", "MQTT-4.8.0-1"}, ["5.0"] = {"MQTT-2.2.1-6", "§4.13.1"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true})
  cl.subscribe(t, c, "mqc/h/uid", 1)
  local uid = t.client:unsubscribe{filter = "mqc/h/uid", timeout = 3}
  local u = c:expect({type = "UNSUBSCRIBE"}, {skip = {"PINGREQ"}})
  local other = u.id % 65535 + 1
  c:send_bytes(mqtt.packet(0xB0, mqtt.u16(other) .. (t.v5 and "\0\0" or "")))
  t.client:expect_none({event = "unsubscribed", id = uid}, 0.5)
  cl.expect_client_closes(t, c)
end
