scenario {
  id = "4.1/session/resend-pubrel",
  title = "An unacknowledged PUBREL is re-sent with the same id on reconnect (not the PUBLISH)",
  description = [[A persistent subscriber receives QoS 2, answers PUBREC, gets PUBREL and drops the
connection before PUBCOMP. On reconnect with clean 0 the server must re-send the PUBREL with the
same id; it must not re-send the PUBLISH once PUBREL was sent.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.4.0-1", "MQTT-4.3.3-1"}, ["5.0"] = {"MQTT-4.4.0-1", "MQTT-4.3.3-6"}},
  level = "MUST",
  needs = {"qos2", "grant_qos2"},
}

function run(t)
  local id = t:client_id("c")
  local tp = t:topic("r")
  local props = t.v5 and {session_expiry_interval = 60} or nil
  local a = t:connect("a", {client_id = id, clean = false, props = props})
  a:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 2}
  t:subscribed(a, {type = "SUBACK", id = 1, reasons = {2}})
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "q2", qos = 2, id = 1}
  p:expect{type = "PUBREC", id = 1}
  p:send{type = "PUBREL", id = 1}
  p:expect{type = "PUBCOMP", id = 1}
  local m = a:expect{type = "PUBLISH", topic = tp, payload = "q2", qos = 2}
  a:send{type = "PUBREC", id = m.id}
  a:expect{type = "PUBREL", id = m.id}
  a:reset()
  local b = t:connect("b", {client_id = id, clean = false, props = props})
  b:expect{type = "PUBREL", id = m.id}
  b:send{type = "PUBCOMP", id = m.id}
  b:send{type = "DISCONNECT", props = t.v5 and {session_expiry_interval = 0} or nil}
  b:close()
  if not t.v5 then t:connect("cleanup", {client_id = id, clean = true}):send{type = "DISCONNECT"} end
end
