scenario {
  id = "3.1/will/delay-cancelled-by-reconnect",
  title = "5.0: reconnecting before the Will Delay Interval ends cancels the will",
  description = [[Will Delay 1 s, Session Expiry 30 s, abrupt close, then an immediate reconnect
with the same client id and Clean Start 0. The will must not be sent. We watch the will topic for
1.6 s (the delay plus margin).]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.3-9"}},
  level = "MUST",
  timeout = 8,
}

function run(t)
  local wt = t:topic("will")
  local id = t:client_id("w")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = wt, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local w = t:connect("w", {client_id = id, props = {session_expiry_interval = 30},
    will = {topic = wt, payload = "late", qos = 0, props = {will_delay_interval = 1}}})
  w:reset()
  local w2 = t:connect("w2", {client_id = id, clean = false, props = {session_expiry_interval = 30}})
  s:expect_silence(1.6)
  w2:send{type = "DISCONNECT", props = {session_expiry_interval = 0}}
end
