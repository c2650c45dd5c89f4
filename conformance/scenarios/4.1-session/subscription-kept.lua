scenario {
  id = "4.1/session/subscription-kept",
  title = "Clean Session/Start 0 resumes the session with its subscriptions",
  description = [[A persistent session (v5 Session Expiry 60) subscribes to T, disconnects and
reconnects with clean 0. Without subscribing again it must receive a message published to T.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-4"}, ["5.0"] = {"MQTT-3.1.2-5", "MQTT-3.1.2-23"}},
  level = "MUST",
}

function run(t)
  local id = t:client_id("c")
  local tp = t:topic("s")
  local props = t.v5 and {session_expiry_interval = 60} or nil
  local a = t:connect("a", {client_id = id, clean = false, props = props})
  a:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(a, {type = "SUBACK", id = 1})
  a:send{type = "DISCONNECT"}
  a:close()
  local b = t:connect("b", {client_id = id, clean = false, props = props})
  t:connect("pub"):send{type = "PUBLISH", topic = tp, payload = "still", qos = 0}
  b:expect{type = "PUBLISH", topic = tp, payload = "still"}
  b:send{type = "DISCONNECT", props = t.v5 and {session_expiry_interval = 0} or nil}
  b:close()
  if not t.v5 then t:connect("cleanup", {client_id = id, clean = true}):send{type = "DISCONNECT"} end
end
