scenario {
  id = "4.1/session/offline-qos2-queued",
  title = "QoS 2 messages published while a persistent client is away are delivered on reconnect",
  description = [[A persistent session subscribes at QoS 2 and disconnects. Three QoS 2 messages are
published meanwhile. On reconnect with clean 0 the server must deliver all three, in order.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-5", "MQTT-4.5.0-1", "MQTT-4.6.0-6"},
    ["5.0"] = {"MQTT-3.1.2-23", "MQTT-4.5.0-1", "MQTT-4.6.0-5"}},
  level = "MUST",
  needs = {"qos2", "grant_qos2"},
}

function run(t)
  local id = t:client_id("c")
  local tp = t:topic("q")
  local props = t.v5 and {session_expiry_interval = 60} or nil
  local a = t:connect("a", {client_id = id, clean = false, props = props})
  a:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 2}
  t:subscribed(a, {type = "SUBACK", id = 1, reasons = {2}})
  a:send{type = "DISCONNECT"}
  a:close()
  local p = t:connect("pub")
  for i = 1, 3 do
    use("qos").publish(p, {topic = tp, payload = "m" .. i, qos = 2, id = i})
  end
  local b = t:connect("b", {client_id = id, clean = false, props = props})
  -- several QoS 2 flows may be in flight at once: answer PUBLISH and PUBREL as they come
  local got, open = 0, 0
  while got < 3 or open > 0 do
    local i, m = b:expect_one_of({{type = "PUBLISH", topic = tp, qos = 2}, {type = "PUBREL"}},
      {within = 2})
    if i == 1 then
      got = got + 1
      t:check(m.payload == "m" .. got, "queued message m" .. got .. " in order", "got " .. m.payload)
      b:send{type = "PUBREC", id = m.id}
      open = open + 1
    else
      b:send{type = "PUBCOMP", id = m.id}
      open = open - 1
    end
  end
  b:send{type = "DISCONNECT", props = t.v5 and {session_expiry_interval = 0} or nil}
  b:close()
  if not t.v5 then t:connect("cleanup", {client_id = id, clean = true}):send{type = "DISCONNECT"} end
end
