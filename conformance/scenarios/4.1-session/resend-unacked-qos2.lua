scenario {
  id = "4.1/session/resend-unacked-qos2",
  title = "An unacknowledged QoS 2 PUBLISH is re-sent with DUP 1 and the same id on reconnect",
  description = [[A persistent subscriber receives a QoS 2 PUBLISH and drops the connection
without PUBREC. On reconnect with clean 0 the server must re-send the PUBLISH with the original
Packet Identifier and DUP 1.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-4.4.0-1", "MQTT-3.3.1-1"},
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
  local first = a:expect{type = "PUBLISH", topic = tp, payload = "q2", qos = 2}
  a:reset()
  local b = t:connect("b", {client_id = id, clean = false, props = props})
  b:expect{type = "PUBLISH", topic = tp, payload = "q2", qos = 2, dup = true, id = first.id}
  b:send{type = "PUBREC", id = first.id}
  b:expect{type = "PUBREL", id = first.id}
  b:send{type = "PUBCOMP", id = first.id}
  b:send{type = "DISCONNECT", props = t.v5 and {session_expiry_interval = 0} or nil}
  b:close()
  if not t.v5 then t:connect("cleanup", {client_id = id, clean = true}):send{type = "DISCONNECT"} end
end
