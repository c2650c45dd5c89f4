scenario {
  id = "3.1/will/retain-0",
  title = "A will with Will Retain 0 is published non-retained and not stored",
  description = [[Client "w" has a will with Will Retain 0 and aborts. A live subscriber gets it
(RETAIN 0 on a live delivery); a client subscribing afterwards must not get it, since nothing was
retained. A live marker after the SUBACK bounds the wait.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-16"}, ["5.0"] = {"MQTT-3.1.2-14"}},
  level = "MUST",
}

function run(t)
  local wt = t:topic("will")
  local s = t:connect("watch")
  s:send{type = "SUBSCRIBE", id = 1, filter = wt, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local w = t:connect("w", {will = {topic = wt, payload = "once", qos = 0, retain = false}})
  w:reset()
  s:expect{type = "PUBLISH", topic = wt, payload = "once", retain = false}
  local late = t:connect("late")
  late:send{type = "SUBSCRIBE", id = 1, filter = wt, qos = 0}
  t:subscribed(late, {type = "SUBACK", id = 1})
  -- a retained will would come with the subscription; nothing orders it against
  -- a live message from another client, so its absence is a bounded silence
  -- window, and the marker only shows the subscription is live
  local verify = use("verify")
  verify.none_within(t, late, verify.WINDOW, function(p) return p.type == "PUBLISH" and p.payload == "once" end,
    "retained will on the late subscription")
  s:send{type = "PUBLISH", topic = wt, payload = "marker", qos = 0}
  late:expect({type = "PUBLISH", topic = wt, payload = "marker"},
    {expected = "only the live marker (the will was not retained)"})
end
