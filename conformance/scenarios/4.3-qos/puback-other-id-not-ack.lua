scenario {
  id = "4.3/qos/puback-other-id-not-ack",
  title = "A PUBACK for another packet id does not acknowledge a QoS 1 delivery",
  description = [[A persistent subscriber receives a QoS 1 PUBLISH and answers with a PUBACK
carrying a different packet id, then a PINGREQ (so the stray PUBACK is read before the connection
drops). The sender keeps a QoS 1 PUBLISH unacknowledged until the *corresponding* PUBACK arrives
(5.0 4.3.2-3; 3.1.1 4.3.2-1), so when the subscriber resumes its session the server must resend it
with the original id and DUP 1 (4.4.0-1). The stray PUBACK breaks the client's own rule (2.2.1-5):
the server may close on it; that does not end the session.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.2-1", "MQTT-4.4.0-1"}, ["5.0"] = {"MQTT-4.3.2-3", "MQTT-4.4.0-1"}},
  level = "MUST",
  needs = {"qos1"},
}

function run(t)
  local unacked = use("unacked")
  local s, m, id, props = unacked.setup(t, 1)
  s:send{type = "PUBACK", id = unacked.other(m.id)}
  unacked.settle(t, s)
  local s2 = unacked.resume(t, s, id, props)
  s2:expect({type = "PUBLISH", payload = "held", qos = 1, dup = true, id = m.id},
    {expected = "the QoS 1 PUBLISH resent (id " .. m.id .. ", DUP 1): a PUBACK for another id acknowledged it"})
  s2:send{type = "PUBACK", id = m.id}
  unacked.finish(t, s2, id)
end
