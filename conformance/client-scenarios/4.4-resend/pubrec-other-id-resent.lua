scenario {
  id = "4.4/resend/pubrec-other-id-resent",
  title = "A PUBREC for another packet id leaves the client's QoS 2 PUBLISH unacknowledged",
  description = [[The client publishes at QoS 2; the server answers with a PUBREC for a different
packet id. The sender keeps the PUBLISH unacknowledged until the *corresponding* PUBREC (5.0
4.3.3-3; 3.1.1 4.3.3-1): no PUBREL for the real id may follow, and when the client resumes the
session (Session Present 1) it must resend the PUBLISH with its id (4.4.0-1; its DUP flag is
checked by 4.4/resend/qos2-publish-dup). The client
may answer the stray PUBREC (a PUBREL for that id) or close; the session survives that.]],
  role = "client",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.3-1", "MQTT-4.4.0-1"}, ["5.0"] = {"MQTT-4.3.3-3", "MQTT-4.4.0-1"}},
  level = "MUST",
  needs = {"connect.resume"},
  timeout = 15,
}

function run(t)
  local cl, resend = use("client"), use("resend")
  local d = t.client
  local cid = t:client_id("oa2")
  local c = cl.connect_persistent(t, {client_id = cid})
  local pub = d:publish{topic = "mqc/oa/2", payload = "held", qos = 2}
  local p = c:expect({type = "PUBLISH", qos = 2}, {skip = {"PINGREQ"}})
  c:send{type = "PUBREC", id = resend.other(p.id)}
  for _, q in ipairs(resend.settle_and_drop(t, c, 1)) do
    if q.type == "PUBREL" and q.id == p.id then
      t:fail{expected = "no PUBREL for id " .. p.id .. " (its PUBREC never came)",
        observed = "PUBREL id " .. p.id .. " after a PUBREC for id " .. resend.other(p.id)}
    end
  end
  local c2 = resend.resume(t, cid)
  c2:expect({type = "PUBLISH", id = p.id, qos = 2, payload = "held"}, {skip = {"PINGREQ"},
    expected = "the PUBLISH resent (id " .. p.id .. "): a PUBREC for another id acknowledged it"})
  c2:send{type = "PUBREC", id = p.id}
  c2:expect({type = "PUBREL", id = p.id}, {skip = {"PINGREQ"}})
  c2:send{type = "PUBCOMP", id = p.id}
  d:expect({event = "published", id = pub}, {skip = {"error", "connected"}})
end
