scenario {
  id = "4.3/qos/recv-pubrec-order",
  title = "PUBRECs go out in the order the QoS 2 PUBLISHes arrived",
  description = [[Three QoS 2 PUBLISHes arrive in one write; the PUBRECs must follow in the same
order. We then complete each flow.]],
  role = "client",
  section = "4.3",
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-4.6.0-3"},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true})
  cl.subscribe(t, c, "mqc/o2/#", 2)
  c:send_many{
    {type = "PUBLISH", topic = "mqc/o2/a", qos = 2, id = 40, payload = "1"},
    {type = "PUBLISH", topic = "mqc/o2/a", qos = 2, id = 3, payload = "2"},
    {type = "PUBLISH", topic = "mqc/o2/a", qos = 2, id = 22, payload = "3"},
  }
  for _, id in ipairs({40, 3, 22}) do
    c:expect({type = "PUBREC", id = id}, {skip = {"PINGREQ"}})
  end
  for _, id in ipairs({40, 3, 22}) do
    c:send{type = "PUBREL", id = id}
    c:expect({type = "PUBCOMP", id = id}, {skip = {"PINGREQ"}})
  end
end
