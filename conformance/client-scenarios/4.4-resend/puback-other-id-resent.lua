scenario {
  id = "4.4/resend/puback-other-id-resent",
  title = "A PUBACK for another packet id leaves the client's QoS 1 PUBLISH unacknowledged",
  description = [[The client publishes at QoS 1; the server answers with a PUBACK for a different
packet id. The sender keeps the PUBLISH unacknowledged until the *corresponding* PUBACK (5.0
4.3.2-3; 3.1.1 4.3.2-1), so it must not report the message delivered, and when it resumes the
session (Session Present 1) it must resend the PUBLISH with its id (4.4.0-1; its DUP flag is
checked by 4.4/resend/qos1-dup). The client
may close on the stray PUBACK; the session survives that.]],
  role = "client",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.2-1", "MQTT-4.4.0-1"}, ["5.0"] = {"MQTT-4.3.2-3", "MQTT-4.4.0-1"}},
  level = "MUST",
  needs = {"connect.resume"},
  timeout = 15,
}

function run(t)
  local cl, resend = use("client"), use("resend")
  local d = t.client
  local cid = t:client_id("oa1")
  local c = cl.connect_persistent(t, {client_id = cid})
  local pub = d:publish{topic = "mqc/oa/1", payload = "held", qos = 1}
  local p = c:expect({type = "PUBLISH", qos = 1}, {skip = {"PINGREQ"}})
  c:send{type = "PUBACK", id = resend.other(p.id)}
  d:expect_none({event = "published", id = pub}, 0.5)
  resend.settle_and_drop(t, c, 0.5)
  local c2 = resend.resume(t, cid)
  c2:expect({type = "PUBLISH", id = p.id, qos = 1, payload = "held"}, {skip = {"PINGREQ"},
    expected = "the PUBLISH resent (id " .. p.id .. "): a PUBACK for another id acknowledged it"})
  c2:send{type = "PUBACK", id = p.id}
  d:expect({event = "published", id = pub}, {skip = {"error", "connected"}})
end
