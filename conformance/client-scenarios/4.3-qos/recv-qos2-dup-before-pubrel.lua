scenario {
  id = "4.3/qos/recv-qos2-dup-before-pubrel",
  title = "A QoS 2 PUBLISH resent before PUBREL is acknowledged again but delivered once",
  description = [[Until the PUBREL arrives, a QoS 2 receiver must treat a repeat of the same packet
id as the same message: PUBREC it again, deliver it once. We resend the PUBLISH with DUP 1 before
the PUBREL and expect two PUBRECs but a single message event.]],
  role = "client",
  section = "4.3",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.3-2"}, ["5.0"] = {"MQTT-4.3.3-10"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local d = t.client
  local c = cl.connect(t, {clean = true})
  cl.subscribe(t, c, "mqc/q2d/#", 2)
  c:send{type = "PUBLISH", topic = "mqc/q2d/a", qos = 2, id = 77, payload = "once"}
  c:expect({type = "PUBREC", id = 77}, {skip = {"PINGREQ"}})
  c:send{type = "PUBLISH", topic = "mqc/q2d/a", qos = 2, id = 77, payload = "once", dup = true}
  c:expect({type = "PUBREC", id = 77}, {skip = {"PINGREQ"}})
  c:send{type = "PUBREL", id = 77}
  c:expect({type = "PUBCOMP", id = 77}, {skip = {"PINGREQ"}})
  d:expect{event = "message", topic = "mqc/q2d/a", payload = "once", qos = 2}
  d:expect_none({event = "message"}, 1.5)
end
