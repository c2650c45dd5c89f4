scenario {
  id = "4.4/resend/pubrel",
  title = "On session resume an unacknowledged PUBREL is resent, and the PUBLISH is not",
  description = [[The QoS 2 flow got as far as PUBREL when the connection dropped. On resume the
client must resend the PUBREL with the same id; resending the PUBLISH instead would make the
server deliver the message twice.]],
  role = "client",
  section = "4.4",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.4.0-1", "MQTT-4.3.3-1"}, ["5.0"] = {"MQTT-4.4.0-1", "MQTT-4.3.3-6"}},
  level = "MUST",
  needs = {"connect.resume"},
  timeout = 15,
}

function run(t)
  local cl = use("client")
  local d = t.client
  local cid = t:client_id("rs3")
  local c = cl.connect_persistent(t, {client_id = cid})
  local pub = d:publish{topic = "mqc/rs/3", payload = "x", qos = 2}
  local p = c:expect({type = "PUBLISH", qos = 2}, {skip = {"PINGREQ"}})
  c:send{type = "PUBREC", id = p.id}
  c:expect({type = "PUBREL", id = p.id}, {skip = {"PINGREQ"}})
  cl.drop(t, c)
  local c2 = cl.connect_persistent(t, {client_id = cid, resume = true, name = "c2",
    connack = {session_present = true}})
  c2:expect({type = "PUBREL", id = p.id}, {skip = {"PINGREQ"},
    expected = "PUBREL id=" .. p.id .. " resent (not the PUBLISH)"})
  c2:send{type = "PUBCOMP", id = p.id}
  d:expect({event = "published", id = pub}, {skip = {"error", "connected"}})
end
