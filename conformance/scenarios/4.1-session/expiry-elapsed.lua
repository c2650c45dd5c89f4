scenario {
  id = "4.1/session/expiry-elapsed",
  title = "5.0: a session is discarded once its Session Expiry Interval has passed",
  description = [[Session Expiry Interval 1 s, disconnect, wait 2.5 s, reconnect with Clean Start 0.
The server must have discarded the session: Session Present 0.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.1.0-2", "MQTT-3.2.2-3"}},
  level = "MUST",
  timeout = 8,
}

function run(t)
  local id = t:client_id("c")
  local a = t:connect("a", {client_id = id, clean = false, props = {session_expiry_interval = 1}})
  a:send{type = "SUBSCRIBE", id = 1, filter = t:topic("x"), qos = 0}
  a:expect{type = "SUBACK", id = 1}
  a:send{type = "DISCONNECT"}
  a:close()
  t:sleep(2.5)
  local b = t:connect("b", {client_id = id, clean = false})
  t:check(b.connack.session_present == false, "Session Present 0", "Session Present 1")
end
