scenario {
  id = "4.1/session/expiry-zero-ends",
  title = "5.0: with Session Expiry Interval 0 the session ends when the connection closes",
  description = [[Clean Start 0 without Session Expiry Interval (so 0): the session must end with
the connection. Reconnecting with Clean Start 0 must give Session Present 0.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.1.0-2", "MQTT-3.2.2-3", "§3.1.2.11.2"}},
  level = "MUST",
}

function run(t)
  local id = t:client_id("c")
  local a = t:connect("a", {client_id = id, clean = false})
  a:send{type = "SUBSCRIBE", id = 1, filter = t:topic("x"), qos = 0}
  a:expect{type = "SUBACK", id = 1}
  a:send{type = "DISCONNECT"}
  a:close()
  local b = t:connect("b", {client_id = id, clean = false})
  t:check(b.connack.session_present == false, "Session Present 0", "Session Present 1")
end
