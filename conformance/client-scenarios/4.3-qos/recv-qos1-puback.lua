scenario {
  id = "4.3/qos/recv-qos1-puback",
  title = "A QoS 1 PUBLISH is acknowledged with a PUBACK carrying its packet id",
  description = [[The server keeps a QoS 1 message until the PUBACK with the same packet id comes
back; a wrong or missing id means endless redelivery or a lost message.]],
  role = "client",
  section = "4.3",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.2-2", "MQTT-2.3.1-6"}, ["5.0"] = {"MQTT-4.3.2-4", "MQTT-2.2.1-5"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true})
  cl.subscribe(t, c, "mqc/q1/#", 1)
  c:send{type = "PUBLISH", topic = "mqc/q1/a", qos = 1, id = 4242, payload = "one"}
  c:expect({type = "PUBACK", id = 4242}, {skip = {"PINGREQ"}})
  t.client:expect{event = "message", topic = "mqc/q1/a", payload = "one", qos = 1}
end
