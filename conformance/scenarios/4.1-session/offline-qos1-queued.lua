scenario {
  id = "4.1/session/offline-qos1-queued",
  title = "QoS 1 messages published while a persistent client is away are delivered on reconnect",
  description = [[A persistent session subscribes at QoS 1 and disconnects. Three QoS 1 messages are
published meanwhile. On reconnect with clean 0 the server must deliver all three, in order.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-5", "MQTT-4.5.0-1", "MQTT-4.6.0-6"},
    ["5.0"] = {"MQTT-3.1.2-23", "MQTT-4.5.0-1", "MQTT-4.6.0-5"}},
  level = "MUST",
  needs = {"qos1", "grant_qos1"},
}

function run(t)
  local qos = use("qos")
  local id = t:client_id("c")
  local tp = t:topic("q")
  local props = t.v5 and {session_expiry_interval = 60} or nil
  local a = t:connect("a", {client_id = id, clean = false, props = props})
  a:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 1}
  t:subscribed(a, {type = "SUBACK", id = 1, reasons = {1}})
  a:send{type = "DISCONNECT"}
  a:close()
  local p = t:connect("pub")
  for i = 1, 3 do
    qos.publish(p, {topic = tp, payload = "m" .. i, qos = 1, id = i})
  end
  local b = t:connect("b", {client_id = id, clean = false, props = props})
  for i = 1, 3 do
    local m = b:expect({type = "PUBLISH", topic = tp, payload = "m" .. i, qos = 1},
      {expected = "queued message m" .. i .. " in order"})
    qos.ack(b, m)
  end
  b:send{type = "DISCONNECT", props = t.v5 and {session_expiry_interval = 0} or nil}
  b:close()
  if not t.v5 then t:connect("cleanup", {client_id = id, clean = true}):send{type = "DISCONNECT"} end
end
