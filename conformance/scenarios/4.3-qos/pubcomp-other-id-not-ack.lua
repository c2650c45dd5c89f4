scenario {
  id = "4.3/qos/pubcomp-other-id-not-ack",
  title = "A PUBCOMP for another packet id does not acknowledge a PUBREL",
  description = [[A persistent subscriber takes a QoS 2 PUBLISH through PUBREC and PUBREL, then
answers the PUBREL with a PUBCOMP carrying a different packet id, then a PINGREQ. The sender keeps
the PUBREL unacknowledged until the *corresponding* PUBCOMP arrives (5.0 4.3.3-5; 3.1.1 4.3.3-1),
so when the subscriber resumes its session the server must resend the PUBREL with the original id
(4.4.0-1), and not the PUBLISH (5.0 4.3.3-6; 3.1.1 4.3.3-1).]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.3-1", "MQTT-4.4.0-1"}, ["5.0"] = {"MQTT-4.3.3-5", "MQTT-4.3.3-6", "MQTT-4.4.0-1"}},
  level = "MUST",
  needs = {"qos2"},
}

function run(t)
  local unacked = use("unacked")
  local s, m, id, props = unacked.setup(t, 2)
  s:send{type = "PUBREC", id = m.id}
  s:expect{type = "PUBREL", id = m.id}
  s:send{type = "PUBCOMP", id = unacked.other(m.id)}
  unacked.settle(t, s)
  local s2 = unacked.resume(t, s, id, props)
  s2:expect({type = "PUBREL", id = m.id},
    {expected = "the PUBREL resent (id " .. m.id .. "): a PUBCOMP for another id acknowledged it"})
  s2:send{type = "PUBCOMP", id = m.id}
  unacked.finish(t, s2, id)
end
