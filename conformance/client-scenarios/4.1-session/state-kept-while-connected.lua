scenario {
  id = "4.1/session/state-kept-while-connected",
  title = "The client keeps an unacknowledged QoS 1 and an open QoS 2 exchange while the connection lasts",
  description = [[The application publishes at QoS 1 and at QoS 2; the server takes the QoS 2 one up
to the client's PUBREL and then answers nothing for 4 s while the connection stays up (PINGREQs
answered). Session State lasts at least as long as the connection (3.1.1 4.1.0-1, 4.1.0-2; 5.0
4.1.0-1): the client must not give either message up meanwhile (no error, no resend on the same
connection, 4.4.0-1), and the late PUBACK and PUBCOMP must complete both.]],
  role = "client",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.1.0-1", "MQTT-4.1.0-2", "MQTT-4.4.0-1"}, ["5.0"] = {"MQTT-4.1.0-1", "MQTT-4.4.0-1"}},
  level = "MUST",
  timeout = 15,
}

function run(t)
  local cl = use("client")
  local d = t.client
  local c = cl.connect(t, {clean = true})
  local q1 = d:publish{topic = "mqc/sk/1", payload = "one", qos = 1}
  local q2 = d:publish{topic = "mqc/sk/2", payload = "two", qos = 2}
  local p1, p2
  repeat
    local p = c:expect({type = "PUBLISH"}, {skip = {"PINGREQ"}})
    if p.qos == 1 then p1 = p else p2 = p end
  until p1 and p2
  c:send{type = "PUBREC", id = p2.id}
  c:expect({type = "PUBREL", id = p2.id}, {skip = {"PINGREQ"}})
  for _, p in ipairs(cl.drain(t, c, 4)) do
    t:fail{expected = "nothing from the client while its acks are outstanding (no resend on the same connection)",
      observed = p.type .. (p.id and (" id " .. p.id) or ""), stmt = "MQTT-4.4.0-1"}
  end
  d:expect_none({event = "error"}, 0.1)
  c:send{type = "PUBACK", id = p1.id}
  c:send{type = "PUBCOMP", id = p2.id}
  d:expect({event = "published", id = q1}, {skip = {"published"}, expected = "the QoS 1 publish completed by the late PUBACK"})
  d:expect({event = "published", id = q2}, {skip = {"published"}, expected = "the QoS 2 publish completed by the late PUBCOMP"})
end
