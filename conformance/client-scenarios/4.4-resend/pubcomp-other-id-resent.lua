scenario {
  id = "4.4/resend/pubcomp-other-id-resent",
  title = "A PUBCOMP for another packet id leaves the client's PUBREL unacknowledged",
  description = [[The client publishes at QoS 2, gets PUBREC and sends PUBREL; the server answers
with a PUBCOMP for a different packet id. The sender keeps the PUBREL unacknowledged until the
*corresponding* PUBCOMP (5.0 4.3.3-5; 3.1.1 4.3.3-1): it must not report the message complete, and
when it resumes the session (Session Present 1) it must resend the PUBREL with its id (4.4.0-1),
not the PUBLISH (5.0 4.3.3-6).]],
  role = "client",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.3-1", "MQTT-4.4.0-1"}, ["5.0"] = {"MQTT-4.3.3-5", "MQTT-4.3.3-6", "MQTT-4.4.0-1"}},
  level = "MUST",
  needs = {"connect.resume"},
  timeout = 15,
}

function run(t)
  local cl, resend = use("client"), use("resend")
  local d = t.client
  local cid = t:client_id("oa3")
  local c = cl.connect_persistent(t, {client_id = cid})
  local pub = d:publish{topic = "mqc/oa/3", payload = "held", qos = 2}
  local p = c:expect({type = "PUBLISH", qos = 2}, {skip = {"PINGREQ"}})
  c:send{type = "PUBREC", id = p.id}
  c:expect({type = "PUBREL", id = p.id}, {skip = {"PINGREQ"}})
  c:send{type = "PUBCOMP", id = resend.other(p.id)}
  d:expect_none({event = "published", id = pub}, 0.5)
  resend.settle_and_drop(t, c, 0.5)
  local c2 = resend.resume(t, cid)
  c2:expect({type = "PUBREL", id = p.id}, {skip = {"PINGREQ"},
    expected = "the PUBREL resent (id " .. p.id .. "): a PUBCOMP for another id acknowledged it"})
  c2:send{type = "PUBCOMP", id = p.id}
  d:expect({event = "published", id = pub}, {skip = {"error", "connected"}})
end
