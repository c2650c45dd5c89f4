scenario {
  id = "4.3/qos/send-qos1",
  title = "A QoS 1 publish is sent with a non-zero id and DUP 0, completed by PUBACK",
  description = [[The first transmission of a QoS 1 message carries a fresh non-zero packet id and
DUP 0; the message stays unacknowledged until the PUBACK with that id, which completes it.]],
  role = "client",
  section = "4.3",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.2-1", "MQTT-2.3.1-1"},
    ["5.0"] = {"MQTT-4.3.2-1", "MQTT-4.3.2-2", "MQTT-2.2.1-3"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local d = t.client
  local c = cl.connect(t, {clean = true})
  local id = d:publish{topic = "mqc/s1/a", payload = "one", qos = 1}
  local p = c:expect({type = "PUBLISH", topic = "mqc/s1/a", qos = 1}, {skip = {"PINGREQ"}})
  t:check(p.id ~= 0, "packet id not 0", "packet id 0")
  t:check(not p.dup, "DUP 0 on the first transmission", "DUP 1")
  d:expect_none({event = "published", id = id}, 0.5)
  c:send{type = "PUBACK", id = p.id}
  d:expect({event = "published", id = id}, {skip = {"error"}})
end
