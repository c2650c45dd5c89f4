scenario {
  id = "3.1/will/not-after-disconnect",
  title = "No Will Message is published after a normal DISCONNECT",
  description = [[Client "w" has a will, then sends DISCONNECT (v5 reason 0x00) and closes. The
server must delete the will without publishing it. A subscriber on the will topic must see nothing
for 0.5 s; then a marker published on the same topic proves the subscription works.]],
  versions = {"3.1", "3.1.1", "5.0"},
  statements = {"MQTT-3.1.2-10", "MQTT-3.14.4-3"},
  level = "MUST",
}

function run(t)
  local wt = t:topic("will")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = wt, qos = 0}
  s:expect{type = "SUBACK", id = 1}
  local w = t:connect("w", {will = {topic = wt, payload = "gone", qos = 0, retain = false}})
  w:send{type = "DISCONNECT"}
  w:close()
  s:expect_silence(0.5)
  local m = t:connect("marker")
  m:send{type = "PUBLISH", topic = wt, payload = "marker", qos = 0}
  s:expect{type = "PUBLISH", topic = wt, payload = "marker"}
end
