scenario {
  id = "4.3/qos/recv-qos1-id-reuse",
  title = "After its PUBACK, a reused QoS 1 packet id is a new message",
  description = [[Once the client has sent PUBACK the packet id is free again; the server may use
it for the next message. A client that still remembers the old id would drop the new message as
a duplicate.]],
  role = "client",
  section = "4.3",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.2-2"}, ["5.0"] = {"MQTT-4.3.2-5"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local d = t.client
  local c = cl.connect(t, {clean = true})
  cl.subscribe(t, c, "mqc/r1/#", 1)
  for _, body in ipairs({"first", "second"}) do
    c:send{type = "PUBLISH", topic = "mqc/r1/a", qos = 1, id = 9, payload = body}
    c:expect({type = "PUBACK", id = 9}, {skip = {"PINGREQ"}})
    d:expect({event = "message", payload = body}, {expected = "message " .. body .. " delivered"})
  end
end
