scenario {
  id = "3.14/disconnect/will-retained-cleanup",
  title = "A normal DISCONNECT removes a QoS 1 retained will; nothing is published or retained",
  description = [[Same as will/not-after-disconnect but with Will QoS 1 and Will Retain 1: after a
DISCONNECT (v5 reason 0x00) the will must be deleted, so a live subscriber sees nothing and a later
subscriber finds nothing retained (a marker bounds both waits).]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-3.1.2-10", "MQTT-3.14.4-3"},
  level = "MUST",
  needs = {"retain", "qos1", "grant_qos1"},
}

function run(t)
  local wt = t:topic("will")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = wt, qos = 1}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local w = t:connect("w", {will = {topic = wt, payload = "no", qos = 1, retain = true}})
  w:send{type = "DISCONNECT", reason = t.v5 and 0 or nil}
  w:close()
  s:expect_silence(0.5)
  local late = t:connect("late")
  late:send{type = "SUBSCRIBE", id = 1, filter = wt, qos = 0}
  t:subscribed(late, {type = "SUBACK", id = 1})
  s:send{type = "PUBLISH", topic = wt, payload = "marker", qos = 0}
  late:expect({type = "PUBLISH", topic = wt, payload = "marker"}, {expected = "only the marker (no retained will)"})
end
