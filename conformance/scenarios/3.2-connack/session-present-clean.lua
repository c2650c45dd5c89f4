scenario {
  id = "3.2/connack/session-present-clean",
  title = "Clean Session/Start 1 gives Session Present 0, even when a session existed",
  description = [[We create a persistent session for a client id (clean 0; v5 Session Expiry 60),
disconnect, then reconnect with clean 1. The server must discard the old session and answer
Session Present 0.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.2.2-1", "MQTT-3.1.2-6"}, ["5.0"] = {"MQTT-3.2.2-2", "MQTT-3.1.2-4"}},
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
  local b = t:connect("b", {client_id = id, clean = true})
  t:check(b.connack.session_present == false, "Session Present 0", "Session Present 1")
  b:send{type = "DISCONNECT"}
end
