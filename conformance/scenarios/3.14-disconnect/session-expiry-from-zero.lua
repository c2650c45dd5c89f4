scenario {
  id = "3.14/disconnect/session-expiry-from-zero",
  title = "5.0: DISCONNECT setting Session Expiry after CONNECT had 0 is a Protocol Error; will published",
  description = [[CONNECT had Session Expiry Interval 0 (absent). A DISCONNECT carrying a non-zero
Session Expiry Interval is then a Protocol Error and is not a valid DISCONNECT (3.14.2.2.2): the
server closes (DISCONNECT 0x82 allowed) and, the will not being removed, publishes it.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.2-8", "MQTT-4.13.1-1", "§3.14.2.2.2"}},
  level = "MUST",
}

function run(t)
  local wt = t:topic("will")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = wt, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local w = t:connect("w", {will = {topic = wt, payload = "invalid-disconnect", qos = 0}})
  w:send_unchecked{type = "DISCONNECT", reason = 0, props = {session_expiry_interval = 30}}
  local r = w:expect_closed{within = 1}
  s:expect{type = "PUBLISH", topic = wt, payload = "invalid-disconnect"}
  if r.disconnect then
    t:check(r.disconnect.reason == 0x82, "DISCONNECT 0x82", string.format("0x%02x", r.disconnect.reason))
  end
end
