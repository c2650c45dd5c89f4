scenario {
  id = "4.3/qos/send-qos2-no-publish-after-pubrel",
  title = "Once PUBREL is sent the QoS 2 PUBLISH is never resent",
  description = [[After PUBREC the server owns the message; a PUBLISH resent after the PUBREL
would be taken as a new message and delivered twice. We hold the PUBCOMP back for 3 s, then answer
a PUBREL resend (if any) and complete the flow.]],
  role = "client",
  section = "4.3",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.3-1"}, ["5.0"] = {"MQTT-4.3.3-6"}},
  level = "MUST",
  timeout = 12,
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true})
  t.client:publish{topic = "mqc/q2r/a", payload = "x", qos = 2}
  local p = c:expect({type = "PUBLISH", qos = 2}, {skip = {"PINGREQ"}})
  c:send{type = "PUBREC", id = p.id}
  c:expect({type = "PUBREL", id = p.id}, {skip = {"PINGREQ"}})
  for _, q in ipairs(cl.drain(t, c, 3)) do
    t:check(q.type ~= "PUBLISH", "no PUBLISH after the PUBREL", "PUBLISH id " .. tostring(q.id))
  end
  c:send{type = "PUBCOMP", id = p.id}
end
