scenario {
  id = "4.4/resend/session-absent-discard",
  title = "Session Present 0 on a resume: the client drops its state and resends nothing",
  description = [[The client resumes with Clean Start 0 but the server has no session (Session
Present 0). If the client carries on with the connection it must discard its own session state,
so the QoS 1 message left unacknowledged on the previous connection must not be resent as a
duplicate of a session the server no longer has.]],
  role = "client",
  section = "4.4",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.2.2-5"}},
  level = "MUST",
  needs = {"connect.resume"},
  timeout = 12,
}

function run(t)
  local cl = use("client")
  local d = t.client
  local cid = t:client_id("rs6")
  local c = cl.connect_persistent(t, {client_id = cid})
  d:publish{topic = "mqc/rs/a", payload = "stale", qos = 1}
  local p = c:expect({type = "PUBLISH", qos = 1}, {skip = {"PINGREQ"}})
  cl.drop(t, c)
  local c2 = cl.connect_persistent(t, {client_id = cid, resume = true, name = "c2",
    connack = {session_present = false}})
  local got, why = cl.drain(t, c2, 1.5)
  if why ~= "timeout" then return end -- the client closed instead of continuing: allowed
  for _, q in ipairs(got) do
    t:check(not (q.type == "PUBLISH" and q.payload == "stale"), "no resend of the discarded PUBLISH",
      "PUBLISH id " .. tostring(q.id) .. " DUP " .. tostring(q.dup) .. " (first sent as id " .. p.id
      .. ") resent after Session Present 0")
  end
end
