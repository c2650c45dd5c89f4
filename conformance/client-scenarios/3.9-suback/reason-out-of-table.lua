scenario {
  id = "3.9/suback/reason-out-of-table",
  title = "A SUBACK code outside the Subscribe Reason Codes table makes the client close",
  description = [[The server answers a one-filter SUBSCRIBE with a SUBACK whose only code is
0x03: 3.1.1 allows 0x00, 0x01, 0x02 and 0x80 only, and 0x03 is in no 5.0 table either. The packet
is malformed; the client must close (3.1.1: MUST, 4.8.0-1; 5.0: SHOULD, §4.13) and must not
report a granted QoS 3.]],
  role = "client",
  section = "3.9",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.9.3-2", "MQTT-4.8.0-1"}, ["5.0"] = {"MQTT-3.9.3-2", "§4.13.1"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true})
  local sid = t.client:subscribe{filter = "mqc/h/sub3", qos = 1, timeout = 3}
  local s = c:expect({type = "SUBSCRIBE"}, {skip = {"PINGREQ"}})
  c:send_bytes(mqtt.packet(0x90, mqtt.u16(s.id) .. cl.noprops(t) .. mqtt.hex("03")))
  cl.expect_client_closes(t, c)
  t.client:expect_none({event = "subscribed", id = sid, reasons = {3}}, 0.2)
end
