-- Finding (mosquitto 2.0.11): with Will Delay 60 and Session Expiry 0 the will is not published within 8 s (checked once by hand): the session end does not release it.
scenario {
  id = "3.1/will/delay-session-end",
  title = "5.0: the will is published when the session ends before the Will Delay Interval",
  description = [[Will Delay 60 s but Session Expiry 0: the session ends as the connection closes,
so the will must be published then, without waiting for the delay.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.2-8"}},
  level = "MUST",
}

function run(t)
  local wt = t:topic("will")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = wt, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local w = t:connect("w", {will = {topic = wt, payload = "now", qos = 0, props = {will_delay_interval = 60}}})
  w:reset()
  s:expect({type = "PUBLISH", topic = wt, payload = "now"}, {within = 2})
end
