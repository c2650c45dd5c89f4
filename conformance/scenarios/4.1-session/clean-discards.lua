scenario {
  id = "4.1/session/clean-discards",
  title = "Clean Session/Start 1 discards the stored session and its subscriptions",
  description = [[A persistent session subscribes to T. The client reconnects with clean 0 (the session
must be there: Session Present 1), then with clean 1, then again with clean 0. The subscription must be gone: a message published to T reaches a witness
subscriber of T but not the new connection, which must receive nothing within 0.5 s after it (no
marker on T could reach it to bound the wait).]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-6"}, ["5.0"] = {"MQTT-3.1.2-4"}},
  level = "MUST",
}

function run(t)
  local id = t:client_id("c")
  local tp = t:topic("old")
  local props = t.v5 and {session_expiry_interval = 60} or nil
  local a = t:connect("a", {client_id = id, clean = false, props = props})
  a:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(a, {type = "SUBACK", id = 1})
  a:send{type = "DISCONNECT"}
  a:close()
  -- the session was kept (else a server keeping no sessions would pass the check below)
  local k = t:connect("kept", {client_id = id, clean = false, props = props})
  if not k.connack.session_present then
    t:fail{stmt = t.v5 and "MQTT-3.1.2-23" or "MQTT-3.1.2-4", expected = "Session Present 1 on reconnecting with Clean Session 0",
      observed = "Session Present 0: the session was not kept"}
  end
  k:send{type = "DISCONNECT"}
  k:close()
  local b = t:connect("b", {client_id = id, clean = true})
  b:send{type = "DISCONNECT"}
  b:close()
  local c = t:connect("c", {client_id = id, clean = false, props = props})
  t:check(c.connack.session_present == false, "Session Present 0", "Session Present 1")
  local w = t:connect("witness")
  w:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(w, {type = "SUBACK", id = 1})
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "stale", qos = 0}
  w:expect({type = "PUBLISH", topic = tp, payload = "stale"}, {expected = "the message reaches the witness subscriber"})
  use("verify").none_within(t, c, use("verify").WINDOW, function() return true end,
    "message for the discarded subscription")
  c:send{type = "DISCONNECT", props = t.v5 and {session_expiry_interval = 0} or nil}
end
