scenario {
  id = "4.3/qos/send-pubrel-order",
  title = "PUBRELs go out in the order the PUBRECs arrived",
  description = [[Two QoS 2 messages are in flight; we answer the second one's PUBREC first. The
client must send its PUBRELs in PUBREC order, so the second message's PUBREL comes first.]],
  role = "client",
  section = "4.3",
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-4.6.0-4"},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local d = t.client
  local c = cl.connect(t, {clean = true})
  d:publish{topic = "mqc/po/1", payload = "a", qos = 2}
  d:publish{topic = "mqc/po/2", payload = "b", qos = 2}
  local p1 = c:expect({type = "PUBLISH", topic = "mqc/po/1"}, {skip = {"PINGREQ"}})
  local p2 = c:expect({type = "PUBLISH", topic = "mqc/po/2"}, {skip = {"PINGREQ"}})
  c:send_many{{type = "PUBREC", id = p2.id}, {type = "PUBREC", id = p1.id}}
  c:expect({type = "PUBREL", id = p2.id}, {skip = {"PINGREQ"}})
  c:expect({type = "PUBREL", id = p1.id}, {skip = {"PINGREQ"}})
  c:send_many{{type = "PUBCOMP", id = p2.id}, {type = "PUBCOMP", id = p1.id}}
end
