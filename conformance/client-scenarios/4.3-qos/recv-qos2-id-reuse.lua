scenario {
  id = "4.3/qos/recv-qos2-id-reuse",
  title = "After its PUBCOMP, a reused QoS 2 packet id is a new message",
  description = [[A QoS 2 packet id is released by the PUBCOMP. The next PUBLISH with the same id
is a new message and must be delivered, not swallowed as a duplicate.]],
  role = "client",
  section = "4.3",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.3-2"}, ["5.0"] = {"MQTT-4.3.3-12"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local d = t.client
  local c = cl.connect(t, {clean = true})
  cl.subscribe(t, c, "mqc/r2/#", 2)
  for _, body in ipairs({"first", "second"}) do
    c:send{type = "PUBLISH", topic = "mqc/r2/a", qos = 2, id = 11, payload = body}
    c:expect({type = "PUBREC", id = 11}, {skip = {"PINGREQ"}})
    c:send{type = "PUBREL", id = 11}
    c:expect({type = "PUBCOMP", id = 11}, {skip = {"PINGREQ"}})
    d:expect({event = "message", payload = body}, {expected = "message " .. body .. " delivered"})
  end
end
