scenario {
  id = "4.3/qos/send-no-resend-same-connection",
  title = "An unacknowledged QoS 1 PUBLISH is not resent on the same connection",
  description = [[In 5.0 a client resends unacknowledged PUBLISHes only when it resumes a session
on a new connection; TCP already guarantees delivery on the open one, and resending there
doubles the load exactly when the server is slow. We hold the PUBACK back for 4 s.]],
  role = "client",
  section = "4.3",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.4.0-1"}},
  level = "MUST",
  timeout = 12,
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true})
  t.client:publish{topic = "mqc/nr/a", payload = "wait", qos = 1}
  local p = c:expect({type = "PUBLISH", qos = 1}, {skip = {"PINGREQ"}})
  for _, q in ipairs(cl.drain(t, c, 4)) do
    t:check(q.type ~= "PUBLISH", "no PUBLISH resent before the PUBACK",
      "PUBLISH id " .. tostring(q.id) .. " DUP " .. tostring(q.dup) .. " on the same connection")
  end
  c:send{type = "PUBACK", id = p.id}
end
