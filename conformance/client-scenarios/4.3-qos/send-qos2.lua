scenario {
  id = "4.3/qos/send-qos2",
  title = "A QoS 2 publish: PUBLISH DUP 0, PUBREL with the same id on PUBREC, done on PUBCOMP",
  description = [[The QoS 2 sender sends the PUBLISH with a fresh id and DUP 0, answers the PUBREC
with a PUBREL carrying the same id (fixed-header flags 0010, checked by the codec), and treats the
message as delivered only after the PUBCOMP.]],
  role = "client",
  section = "4.3",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.3-1", "MQTT-2.3.1-6", "MQTT-3.6.1-1"},
    ["5.0"] = {"MQTT-4.3.3-2", "MQTT-4.3.3-4", "MQTT-4.3.3-5", "MQTT-2.2.1-5", "MQTT-3.6.1-1"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local d = t.client
  local c = cl.connect(t, {clean = true})
  local id = d:publish{topic = "mqc/s2/a", payload = "two", qos = 2}
  local p = c:expect({type = "PUBLISH", topic = "mqc/s2/a", qos = 2}, {skip = {"PINGREQ"}})
  t:check(p.id ~= 0 and not p.dup, "packet id not 0, DUP 0", "id " .. p.id .. ", DUP " .. tostring(p.dup))
  c:send{type = "PUBREC", id = p.id}
  c:expect({type = "PUBREL", id = p.id}, {skip = {"PINGREQ"}})
  d:expect_none({event = "published", id = id}, 0.5)
  c:send{type = "PUBCOMP", id = p.id}
  d:expect({event = "published", id = id}, {skip = {"error"}})
end
