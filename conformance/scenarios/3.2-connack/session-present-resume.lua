scenario {
  id = "3.2/connack/session-present-resume",
  title = "Reconnecting with Clean Session/Start 0 to a stored session gives Session Present 1",
  description = [[Connect with clean 0 (v5: Session Expiry Interval 60), subscribe, disconnect,
reconnect with clean 0: the server holds the session, so Session Present must be 1. The session is
removed at the end by a clean reconnect.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.2.2-2", "MQTT-3.1.2-4"}, ["5.0"] = {"MQTT-3.2.2-3", "MQTT-3.1.2-5", "MQTT-3.1.2-23"}},
  level = "MUST",
}

function run(t)
  local id = t:client_id("c1")
  local props = t.v5 and {session_expiry_interval = 60} or nil
  local a = t:connect("a", {client_id = id, clean = false, props = props})
  a:send{type = "SUBSCRIBE", id = 1, filter = t:topic("x"), qos = 1}
  t:subscribed(a, {type = "SUBACK", id = 1})
  a:send{type = "DISCONNECT"}
  a:close()
  local b = t:connect("b", {client_id = id, clean = false, props = props})
  local sp = b.connack.session_present
  b:send{type = "DISCONNECT"}
  b:close()
  t:connect("cleanup", {client_id = id, clean = true}):send{type = "DISCONNECT"}
  t:check(sp == true, "Session Present 1", "Session Present 0")
end
