scenario {
  id = "malformed/suback-no-reasons",
  title = "A SUBACK with no reason codes makes the client close, not crash",
  description = [[The CVE-2024-10525 shape (libmosquitto before 2.0.19 read a zero-length reason
array): the SUBACK answering a one-filter SUBSCRIBE carries only its packet id (90 02 id in
3.1.1, 90 03 id 00 in 5.0). A SUBACK must hold one code per filter, so this is malformed; the
client must close the connection and survive.]],
  role = "client",
  section = "3.9",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.8.4-5", "MQTT-4.8.0-1"}, ["5.0"] = {"MQTT-3.8.4-6", "§4.13.1"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true})
  t.client:cmd{cmd = "subscribe", filter = "mqc/h/sub", qos = 1, timeout = 3}
  local s = c:expect({type = "SUBSCRIBE"}, {skip = {"PINGREQ"}})
  c:send_bytes(mqtt.packet(0x90, mqtt.u16(s.id) .. cl.noprops(t)))
  cl.expect_client_closes(t, c)
end
