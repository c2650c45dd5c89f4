scenario {
  id = "3.11/unsuback/reason-out-of-table",
  title = "5.0: an UNSUBACK code outside the Unsubscribe Reason Codes table makes the client close",
  description = [[The server answers a one-filter UNSUBSCRIBE with an UNSUBACK whose only code is
0x05, which is not an Unsubscribe Reason Code (3.11.3-2). The packet is malformed; the client
should close the connection (§4.13: a client SHOULD close on a Malformed Packet).]],
  role = "client",
  section = "3.11",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.11.3-2", "§4.13.1"}},
  level = "SHOULD",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true})
  cl.subscribe(t, c, "mqc/h/uns", 1)
  t.client:unsubscribe{filter = "mqc/h/uns", timeout = 3}
  local u = c:expect({type = "UNSUBSCRIBE"}, {skip = {"PINGREQ"}})
  c:send_bytes(mqtt.packet(0xB0, mqtt.u16(u.id) .. "\0" .. mqtt.hex("05")))
  cl.expect_client_closes(t, c)
end
