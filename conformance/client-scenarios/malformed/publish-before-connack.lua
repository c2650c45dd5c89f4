scenario {
  id = "malformed/publish-before-connack",
  title = "A PUBLISH before the CONNACK makes the client close without delivering it",
  description = [[The server's first packet must be CONNACK: before it, the client does not even
know whether it is connected. A PUBLISH in its place is a protocol violation; the client must
close, and must not hand the message to the application.]],
  role = "client",
  section = "3.2",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.2.0-1", "MQTT-4.8.0-1"}, ["5.0"] = {"MQTT-3.2.0-1", "§4.13.1"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local d = t.client
  local c, _, id = cl.start(t, {clean = true})
  c:send_bytes(cl.publish_bytes(t, 0x30, "mqc/h/early", "early"))
  -- Was the message handed to the application? (acks are kept apart from events)
  local ev = d:event{within = 1}
  while ev do
    if ev.event == "message" then
      local f = {expected = "no message delivered from a PUBLISH sent before the CONNACK",
        observed = "message event on topic " .. tostring(ev.topic) .. " before any CONNACK"}
      if t.v5 then t:nonstrict(f) else t:fail(f) end
    end
    ev = d:event{within = 0.2}
  end
  cl.expect_client_closes(t, c, {connect_id = id})
end
