scenario {
  id = "4.3/qos/pubrec-other-id-not-ack",
  title = "A PUBREC for another packet id does not acknowledge a QoS 2 PUBLISH",
  description = [[A persistent subscriber receives a QoS 2 PUBLISH and answers with a PUBREC
carrying a different packet id, then a PINGREQ. The sender keeps the PUBLISH unacknowledged until
the *corresponding* PUBREC arrives (5.0 4.3.3-3; 3.1.1 4.3.3-1): no PUBREL for the real id may
come, and when the subscriber resumes its session the server must resend the PUBLISH with the
original id and DUP 1 (4.4.0-1). The server may answer the stray PUBREC (5.0: PUBREL 0x92, Packet
Identifier not found) or close on it; neither ends the session.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.3-1", "MQTT-4.4.0-1"}, ["5.0"] = {"MQTT-4.3.3-3", "MQTT-4.4.0-1"}},
  level = "MUST",
  needs = {"qos2"},
}

function run(t)
  local unacked = use("unacked")
  local s, m, id, props = unacked.setup(t, 2)
  s:send{type = "PUBREC", id = unacked.other(m.id)}
  local function pubrel_for_real(pkt)
    if pkt.type == "PUBREL" and pkt.id == m.id then
      return "PUBREL id " .. m.id .. " although no PUBREC for that id was sent"
    end
  end
  unacked.settle(t, s, pubrel_for_real)
  local s2 = unacked.resume(t, s, id, props)
  s2:expect({type = "PUBLISH", payload = "held", qos = 2, dup = true, id = m.id},
    {expected = "the QoS 2 PUBLISH resent (id " .. m.id .. ", DUP 1): a PUBREC for another id acknowledged it"})
  use("qos").ack(s2, {qos = 2, id = m.id})
  unacked.finish(t, s2, id)
end
