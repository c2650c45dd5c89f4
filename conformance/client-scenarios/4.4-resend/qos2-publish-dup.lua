scenario {
  id = "4.4/resend/qos2-publish-dup",
  title = "On session resume a QoS 2 PUBLISH without PUBREC is resent with DUP 1 and its id",
  description = [[The QoS 2 PUBLISH was sent but no PUBREC came before the connection dropped.
On resume (session present) the client must resend it with the same packet id and DUP 1, then
finish the flow.]],
  role = "client",
  section = "4.4",
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-4.4.0-1", "MQTT-3.3.1-1"},
  level = "MUST",
  needs = {"connect.resume"},
  timeout = 15,
}

function run(t)
  local cl = use("client")
  local d = t.client
  local cid = t:client_id("rs2")
  local c = cl.connect_persistent(t, {client_id = cid})
  local pub = d:publish{topic = "mqc/rs/2", payload = "twice?", qos = 2}
  local p = c:expect({type = "PUBLISH", qos = 2}, {skip = {"PINGREQ"}})
  cl.drop(t, c)
  local c2 = cl.connect_persistent(t, {client_id = cid, resume = true, name = "c2",
    connack = {session_present = true}})
  c2:expect({type = "PUBLISH", id = p.id, qos = 2, dup = true}, {skip = {"PINGREQ"}})
  c2:send{type = "PUBREC", id = p.id}
  c2:expect({type = "PUBREL", id = p.id}, {skip = {"PINGREQ"}})
  c2:send{type = "PUBCOMP", id = p.id}
  d:expect({event = "published", id = pub}, {skip = {"error", "connected"}})
end
