scenario {
  id = "4.1/session/expiry-zero-ends",
  title = "5.0: with Session Expiry Interval 0 the session ends when the connection closes",
  description = [[A session with Session Expiry Interval 60 is resumed (Session Present 1: it was kept)
by a connection with Clean Start 0 and no Session Expiry Interval (so 0): the session must end
with that connection. Reconnecting with Clean Start 0 must give Session Present 0.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.1.0-2", "MQTT-3.2.2-3", "MQTT-3.1.2-23", "§3.1.2.11.2"}},
  level = "MUST",
}

function run(t)
  local id = t:client_id("c")
  local a = t:connect("a", {client_id = id, clean = false, props = {session_expiry_interval = 60}})
  a:send{type = "SUBSCRIBE", id = 1, filter = t:topic("x"), qos = 0}
  t:subscribed(a, {type = "SUBACK", id = 1})
  a:send{type = "DISCONNECT"}
  a:close()
  -- the session was kept (a server that keeps none would pass the check below); this
  -- connection has no Session Expiry Interval, so its session ends when it closes
  local k = t:connect("kept", {client_id = id, clean = false})
  if not k.connack.session_present then
    t:fail{stmt = "MQTT-3.1.2-23", expected = "Session Present 1 after a disconnect with Session Expiry Interval 60",
      observed = "Session Present 0: the session was not kept"}
  end
  k:send{type = "DISCONNECT"}
  k:close()
  local b = t:connect("b", {client_id = id, clean = false})
  t:check(b.connack.session_present == false, "Session Present 0", "Session Present 1")
end
