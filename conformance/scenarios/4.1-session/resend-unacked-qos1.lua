scenario {
  id = "4.1/session/resend-unacked-qos1",
  title = "An unacknowledged QoS 1 delivery is re-sent with DUP 1 and the same id on reconnect",
  description = [[A persistent subscriber receives a QoS 1 PUBLISH, does not acknowledge it and
drops the connection. On reconnect with clean 0 the server must re-send it with the original
Packet Identifier and DUP 1.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-4.4.0-1", "MQTT-3.3.1-1"},
  level = "MUST",
  needs = {"qos1", "grant_qos1"},
}

function run(t)
  local id = t:client_id("c")
  local tp = t:topic("r")
  local props = t.v5 and {session_expiry_interval = 60} or nil
  local a = t:connect("a", {client_id = id, clean = false, props = props})
  a:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 1}
  t:subscribed(a, {type = "SUBACK", id = 1, reasons = {1}})
  t:connect("pub"):send{type = "PUBLISH", topic = tp, payload = "unacked", qos = 1, id = 1}
  local first = a:expect{type = "PUBLISH", topic = tp, payload = "unacked", qos = 1}
  a:reset()
  local b = t:connect("b", {client_id = id, clean = false, props = props})
  b:expect{type = "PUBLISH", topic = tp, payload = "unacked", qos = 1, dup = true, id = first.id}
  b:send{type = "PUBACK", id = first.id}
  b:send{type = "DISCONNECT", props = t.v5 and {session_expiry_interval = 0} or nil}
  b:close()
  if not t.v5 then t:connect("cleanup", {client_id = id, clean = true}):send{type = "DISCONNECT"} end
end
