scenario {
  id = "4.4/resend/qos2-expiry-not-applied",
  title = "5.0: a QoS 2 PUBLISH already sent is resent on resume even after its Message Expiry",
  description = [[The client publishes at QoS 2 with Message Expiry Interval 1; the server takes
the PUBLISH and sends no PUBREC. The connection drops, 2 s pass (the message has expired) and the
client resumes its session (Session Present 1); with Session Expiry 300 it kept the session state
after the connection closed (3.1.2-23). Once a QoS 2 PUBLISH has been sent the sender must
not apply message expiry to it (4.3.3-7): it must resend the PUBLISH with its id (4.4.0-1) and
complete it.]],
  role = "client",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.3.3-7", "MQTT-4.4.0-1", "MQTT-3.1.2-23"}},
  level = "MUST",
  needs = {"connect.resume", "publish.props"},
  timeout = 15,
}

function run(t)
  local cl = use("client")
  local d = t.client
  local cid = t:client_id("x2")
  local c = cl.connect_persistent(t, {client_id = cid})
  local pub = d:publish{topic = "mqc/x2/a", payload = "brief", qos = 2, props = {message_expiry_interval = 1}}
  local p = c:expect({type = "PUBLISH", qos = 2, payload = "brief"}, {skip = {"PINGREQ"}})
  cl.drop(t, c)
  t:sleep(2)
  local c2 = cl.connect_persistent(t, {client_id = cid, resume = true, name = "c2",
    connack = {session_present = true}})
  c2:expect({type = "PUBLISH", id = p.id, qos = 2, payload = "brief"}, {skip = {"PINGREQ"},
    expected = "the sent QoS 2 PUBLISH resent (id " .. p.id .. "), not dropped as expired"})
  c2:send{type = "PUBREC", id = p.id}
  c2:expect({type = "PUBREL", id = p.id}, {skip = {"PINGREQ"}})
  c2:send{type = "PUBCOMP", id = p.id}
  d:expect({event = "published", id = pub}, {skip = {"error", "connected"}})
end
