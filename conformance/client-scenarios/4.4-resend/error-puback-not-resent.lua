scenario {
  id = "4.4/resend/error-puback-not-resent",
  title = "5.0: a QoS 1 PUBLISH answered by PUBACK 0x80 is not resent on session resume",
  description = [[The client publishes at QoS 1 and the server answers PUBACK 0x80 (Unspecified
error). A PUBLISH answered with a reason of 0x80 or more counts as acknowledged and must not be
retransmitted (4.4.0-2). The connection drops and the client resumes its session (Session Present
1): for 1.5 s after the CONNACK no PUBLISH of that message may come.]],
  role = "client",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.4.0-2"}},
  level = "MUST",
  needs = {"connect.resume"},
  timeout = 15,
}

function run(t)
  local cl, resend = use("client"), use("resend")
  local cid = t:client_id("ep1")
  local c = cl.connect_persistent(t, {client_id = cid})
  t.client:publish{topic = "mqc/ep/1", payload = "refused", qos = 1}
  local p = c:expect({type = "PUBLISH", qos = 1}, {skip = {"PINGREQ"}})
  c:send{type = "PUBACK", id = p.id, reason = 0x80}
  resend.settle_and_drop(t, c, 0.5)
  local c2 = resend.resume(t, cid)
  for _, q in ipairs(cl.drain(t, c2, 1.5)) do
    if q.type == "PUBLISH" and q.payload == "refused" then
      t:fail{expected = "no retransmission of a PUBLISH answered by PUBACK 0x80",
        observed = "PUBLISH id " .. tostring(q.id) .. " dup " .. tostring(q.dup) .. " resent on resume"}
    end
  end
end
