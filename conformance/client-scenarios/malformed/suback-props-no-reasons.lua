scenario {
  id = "malformed/suback-props-no-reasons",
  title = "A 5.0 SUBACK with properties but no reason codes makes the client close",
  description = [[Variant of the empty SUBACK with a Reason String in the property block and no
reason code after it (the oss-fuzz 379779807 shape in libmosquitto, which leaked the properties
on this error path). Malformed: the client must close and survive.]],
  role = "client",
  section = "3.9",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.8.4-6", "§4.13.1"}},
  level = "SHOULD",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true})
  t.client:cmd{cmd = "subscribe", filter = "mqc/h/sub", qos = 1, timeout = 3}
  local s = c:expect({type = "SUBSCRIBE"}, {skip = {"PINGREQ"}})
  local props = "\x1f" .. mqtt.str("no codes")
  c:send_bytes(mqtt.packet(0x90, mqtt.u16(s.id) .. mqtt.vbi(#props) .. props))
  cl.expect_client_closes(t, c)
end
