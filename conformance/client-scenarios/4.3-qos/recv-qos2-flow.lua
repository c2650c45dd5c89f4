scenario {
  id = "4.3/qos/recv-qos2-flow",
  title = "A QoS 2 PUBLISH gets PUBREC, its PUBREL gets PUBCOMP, same packet id",
  description = [[The QoS 2 receiver answers the PUBLISH with PUBREC and the PUBREL with PUBCOMP,
each with the packet id of the PUBLISH. The message reaches the application exactly once.]],
  role = "client",
  section = "4.3",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.3-2", "MQTT-2.3.1-6"},
    ["5.0"] = {"MQTT-4.3.3-8", "MQTT-4.3.3-11", "MQTT-2.2.1-5"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local d = t.client
  local c = cl.connect(t, {clean = true})
  cl.subscribe(t, c, "mqc/q2/#", 2)
  c:send{type = "PUBLISH", topic = "mqc/q2/a", qos = 2, id = 513, payload = "two"}
  c:expect({type = "PUBREC", id = 513}, {skip = {"PINGREQ"}})
  c:send{type = "PUBREL", id = 513}
  c:expect({type = "PUBCOMP", id = 513}, {skip = {"PINGREQ"}})
  d:expect{event = "message", topic = "mqc/q2/a", payload = "two", qos = 2}
  d:expect_none({event = "message"}, 1)
end
