scenario {
  id = "4.1/session/expiry-elapsed",
  title = "5.0: a session is discarded once its Session Expiry Interval has passed",
  description = [[Session Expiry Interval 3 s, disconnect. Reconnecting with Clean Start 0 after 0.3 s
must find the session (Session Present 1): it was kept. Disconnect again (Session Expiry Interval
3 s), wait 4.5 s (the interval plus 1.5 s of grace for a coarse expiry timer) and reconnect with
Clean Start 0: the server must have discarded the session, Session Present 0.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.1.0-2", "MQTT-3.2.2-3", "MQTT-3.1.2-23"}},
  level = "MUST",
  timeout = 12,
}

function run(t)
  local id = t:client_id("c")
  local a = t:connect("a", {client_id = id, clean = false, props = {session_expiry_interval = 3}})
  a:send{type = "SUBSCRIBE", id = 1, filter = t:topic("x"), qos = 0}
  t:subscribed(a, {type = "SUBACK", id = 1})
  a:send{type = "DISCONNECT"}
  a:close()
  -- first the session must have been kept: a server that keeps none would pass the check below
  t:sleep(0.3)
  local k = t:connect("kept", {client_id = id, clean = false, props = {session_expiry_interval = 3}})
  if not k.connack.session_present then
    t:fail{stmt = "MQTT-3.1.2-23", expected = "Session Present 1 0.3 s after a disconnect with Session Expiry Interval 3",
      observed = "Session Present 0: the session was not kept"}
  end
  k:send{type = "DISCONNECT"}
  k:close()
  t:sleep(3 + 1.5)
  local b = t:connect("b", {client_id = id, clean = false})
  t:check(b.connack.session_present == false, "Session Present 0 4.5 s after a disconnect with Session Expiry Interval 3",
    "Session Present 1")
end
