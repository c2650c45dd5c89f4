scenario {
  id = "4.4/resend/not-after-clean",
  title = "A clean reconnect does not resend messages of the old session",
  description = [[With CleanSession / Clean Start 1 the old session, including unacknowledged
messages, is gone on both sides. A PUBLISH from the previous connection resent now would reach
the server as a fresh message the application no longer expects to be in flight.]],
  role = "client",
  section = "4.4",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-6"}, ["5.0"] = {"MQTT-3.1.2-4", "MQTT-4.4.0-1"}},
  level = "MUST",
  needs = {"connect.resume"},
  timeout = 12,
}

function run(t)
  local cl = use("client")
  local d = t.client
  local cid = t:client_id("rs5")
  local c = cl.connect(t, {clean = true, client_id = cid})
  d:publish{topic = "mqc/rs/c", payload = "old", qos = 1}
  c:expect({type = "PUBLISH", qos = 1}, {skip = {"PINGREQ"}})
  cl.drop(t, c)
  local c2 = cl.connect(t, {clean = true, client_id = cid, resume = true, name = "c2"})
  for _, q in ipairs(cl.drain(t, c2, 1.5)) do
    t:check(not (q.type == "PUBLISH" and q.payload == "old"), "no PUBLISH from the discarded session",
      "PUBLISH id " .. tostring(q.id) .. " DUP " .. tostring(q.dup) .. " payload old")
  end
end
