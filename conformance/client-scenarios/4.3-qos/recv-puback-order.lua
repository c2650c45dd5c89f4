scenario {
  id = "4.3/qos/recv-puback-order",
  title = "PUBACKs go out in the order the QoS 1 PUBLISHes arrived",
  description = [[Ordered delivery rests on acknowledgements coming back in order. Three QoS 1
PUBLISHes arrive in one write; the PUBACKs must follow in the same order.]],
  role = "client",
  section = "4.3",
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-4.6.0-2"},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true})
  cl.subscribe(t, c, "mqc/o1/#", 1)
  c:send_many{
    {type = "PUBLISH", topic = "mqc/o1/a", qos = 1, id = 31, payload = "1"},
    {type = "PUBLISH", topic = "mqc/o1/a", qos = 1, id = 7, payload = "2"},
    {type = "PUBLISH", topic = "mqc/o1/a", qos = 1, id = 19, payload = "3"},
  }
  for _, id in ipairs({31, 7, 19}) do
    c:expect({type = "PUBACK", id = id}, {skip = {"PINGREQ"}})
  end
end
