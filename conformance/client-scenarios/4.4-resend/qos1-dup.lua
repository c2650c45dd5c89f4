scenario {
  id = "4.4/resend/qos1-dup",
  title = "On session resume an unacknowledged QoS 1 PUBLISH is resent with DUP 1 and its id",
  description = [[QoS 1 promises at-least-once delivery across connection loss. The PUBLISH goes
out, the connection drops before the PUBACK, the client reconnects with a persistent session and
the server says the session is present: the client must resend the PUBLISH with the same packet
id and DUP 1, and complete it on the PUBACK.]],
  role = "client",
  section = "4.4",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.4.0-1", "MQTT-3.3.1-1", "MQTT-2.3.1-3"},
    ["5.0"] = {"MQTT-4.4.0-1", "MQTT-3.3.1-1"}},
  level = "MUST",
  needs = {"connect.resume"},
  timeout = 15,
}

function run(t)
  local cl = use("client")
  local d = t.client
  local cid = t:client_id("rs1")
  local c = cl.connect_persistent(t, {client_id = cid})
  local pub = d:publish{topic = "mqc/rs/1", payload = "again", qos = 1}
  local p = c:expect({type = "PUBLISH", qos = 1}, {skip = {"PINGREQ"}})
  cl.drop(t, c)
  local c2 = cl.connect_persistent(t, {client_id = cid, resume = true, name = "c2",
    connack = {session_present = true}})
  c2:expect({type = "PUBLISH", id = p.id, qos = 1, dup = true, topic = "mqc/rs/1", payload = "again"},
    {skip = {"PINGREQ"}})
  c2:send{type = "PUBACK", id = p.id}
  d:expect({event = "published", id = pub}, {skip = {"error", "connected"}})
end
