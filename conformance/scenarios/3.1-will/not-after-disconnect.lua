scenario {
  id = "3.1/will/not-after-disconnect",
  title = "No Will Message is published after a normal DISCONNECT",
  description = [[Client "w" has a will, then sends DISCONNECT (v5 reason 0x00) and closes. The
server must delete the will without publishing it. A subscriber on the will topic must see nothing
for 1 s after the connection is closed (by the server, which should close after DISCONNECT, or
by us after 1 s): a bounded window, since the will would come from no publisher that could send a
marker after it. A marker published on the same topic then proves the subscription works.]],
  versions = {"3.1", "3.1.1", "5.0"},
  statements = {"MQTT-3.1.2-10", "MQTT-3.14.4-3"},
  level = "MUST",
}

function run(t)
  local wt = t:topic("will")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = wt, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local w = t:connect("w", {will = {topic = wt, payload = "gone", qos = 0, retain = false}})
  w:send{type = "DISCONNECT"}
  -- the server should close after DISCONNECT; its close shows the DISCONNECT was handled, so a
  -- will would follow at once. Otherwise we close, as the client must.
  local _, why = w:recv{within = 1}
  if why ~= "closed" and why ~= "reset" then w:close() end
  s:expect_silence(1.0)
  -- the subscription is live (a precondition, not the proof of absence)
  local m = t:connect("marker")
  m:send{type = "PUBLISH", topic = wt, payload = "marker", qos = 0}
  s:expect({type = "PUBLISH", topic = wt, payload = "marker"}, {expected = "the marker (the subscription is live)"})
end
