scenario {
  id = "4.1/session/queued-message-expiry",
  title = "5.0: a queued message whose Message Expiry passed is not delivered on reconnect",
  description = [[A persistent session subscribes at QoS 1 and disconnects. Two QoS 1 messages are
queued: one with Message Expiry 1 s, one with 60 s. After 2.2 s the client reconnects: only the
second may be delivered, with its expiry reduced below 60.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.3.2-5", "MQTT-3.3.2-6"}},
  level = "MUST",
  needs = {"qos1", "grant_qos1"},
  timeout = 8,
}

function run(t)
  local id = t:client_id("c")
  local tp = t:topic("q")
  local a = t:connect("a", {client_id = id, clean = false, props = {session_expiry_interval = 60}})
  a:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 1}
  t:subscribed(a, {type = "SUBACK", id = 1, reasons = {1}})
  a:send{type = "DISCONNECT"}
  a:close()
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "short", qos = 1, id = 1, props = {message_expiry_interval = 1}}
  p:expect{type = "PUBACK", id = 1}
  p:send{type = "PUBLISH", topic = tp, payload = "long", qos = 1, id = 2, props = {message_expiry_interval = 60}}
  p:expect{type = "PUBACK", id = 2}
  t:sleep(2.2)
  local b = t:connect("b", {client_id = id, clean = false, props = {session_expiry_interval = 0}})
  local m = b:expect{type = "PUBLISH", topic = tp}
  b:send{type = "PUBACK", id = m.id}
  t:check(m.payload == "long", "only the unexpired message", "got '" .. m.payload .. "'")
  local v = m.props and m.props.message_expiry_interval
  t:check(v ~= nil and v < 60 and v > 0, "Message Expiry Interval 1..59", tostring(v))
end
