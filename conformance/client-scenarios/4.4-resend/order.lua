scenario {
  id = "4.4/resend/order",
  title = "On session resume unacknowledged PUBLISHes are resent in their original order",
  description = [[Three QoS 1 PUBLISHes are in flight when the connection drops. On resume the
client must resend them in the order it first sent them, so ordered topics stay ordered.]],
  role = "client",
  section = "4.4",
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-4.6.0-1", "MQTT-4.4.0-1"},
  level = "MUST",
  needs = {"connect.resume"},
  timeout = 15,
}

function run(t)
  local cl = use("client")
  local d = t.client
  local cid = t:client_id("rs4")
  local c = cl.connect_persistent(t, {client_id = cid})
  for i = 1, 3 do d:publish{topic = "mqc/rs/o", payload = "m" .. i, qos = 1} end
  local ids = {}
  for i = 1, 3 do
    ids[i] = c:expect({type = "PUBLISH", payload = "m" .. i}, {skip = {"PINGREQ"}}).id
  end
  cl.drop(t, c)
  local c2 = cl.connect_persistent(t, {client_id = cid, resume = true, name = "c2",
    connack = {session_present = true}})
  for i = 1, 3 do
    c2:expect({type = "PUBLISH", id = ids[i], payload = "m" .. i, dup = true}, {skip = {"PINGREQ"}})
  end
  for i = 1, 3 do c2:send{type = "PUBACK", id = ids[i]} end
end
