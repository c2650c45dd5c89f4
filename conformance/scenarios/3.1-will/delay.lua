scenario {
  id = "3.1/will/delay",
  title = "5.0: Will Delay Interval 2 s holds the will back, then publishes it",
  description = [[Will Delay 2 s, Session Expiry 30 s, then an abrupt close. The will must not be
published before the delay has elapsed (no message may come in the first 0.5 s; a broker cannot be
early because the machine is slow) and must arrive afterwards. The session is cleaned up.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.2-7", "MQTT-3.1.2-8"}},
  level = "MUST",
  timeout = 10,
}

function run(t)
  local wt = t:topic("will")
  local id = t:client_id("w")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = wt, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local w = t:connect("w", {client_id = id, clean = true, props = {session_expiry_interval = 30},
    will = {topic = wt, payload = "late", qos = 0, props = {will_delay_interval = 2}}})
  w:reset()
  -- the silence is scaled by --time-scale while the Will Delay is not: 0.5 s keeps the check
  -- sound up to --time-scale 4
  s:expect_silence(0.5)
  s:expect({type = "PUBLISH", topic = wt, payload = "late"}, {within = 3.5})
  t:connect("cleanup", {client_id = id, clean = true}):send{type = "DISCONNECT"}
end
