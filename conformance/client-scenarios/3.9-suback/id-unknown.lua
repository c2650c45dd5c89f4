scenario {
  id = "3.9/suback/id-unknown",
  title = "A SUBACK for a packet id the client never used makes it close, not report the subscription",
  description = [[The server answers the client's SUBSCRIBE with a SUBACK carrying a different
packet id. A SUBACK must echo the id of the SUBSCRIBE it answers (3.1.1 2.3.1-7, 5.0 2.2.1-6), so
this one answers nothing: the client must not report its subscription granted because of it, and
it must close on the protocol violation (3.1.1 MUST, 4.8.0-1; 5.0 SHOULD, §4.13.1).]],
  role = "client",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-2.3.1-7", "MQTT-4.8.0-1"}, ["5.0"] = {"MQTT-2.2.1-6", "§4.13.1"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true})
  local sid = t.client:subscribe{filter = "mqc/h/sid", qos = 1, timeout = 3}
  local s = c:expect({type = "SUBSCRIBE"}, {skip = {"PINGREQ"}})
  local other = s.id % 65535 + 1
  c:send_bytes(mqtt.packet(0x90, mqtt.u16(other) .. cl.noprops(t) .. mqtt.hex("01")))
  t.client:expect_none({event = "subscribed", id = sid}, 0.5)
  cl.expect_client_closes(t, c)
end
