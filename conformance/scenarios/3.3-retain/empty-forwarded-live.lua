scenario {
  id = "3.3/retain/empty-forwarded-live",
  title = "A retained zero-byte PUBLISH is still forwarded to current subscribers",
  description = [[A zero-byte retained PUBLISH is processed as normal and sent to clients with a
matching subscription (3.3.1.3); it only also clears the retained message. A current subscriber
must receive it, with RETAIN 0 as a live delivery (3.1.1; v5 with Retain As Published 0).]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"§3.3.1.3", "MQTT-4.5.0-1", "MQTT-3.3.1-9"}, ["5.0"] = {"§3.3.1.3", "MQTT-4.5.0-1", "MQTT-3.3.1-12"}},
  level = "MUST",
  needs = {"retain"},
}

function run(t)
  local tp = t:topic("r")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  t:connect("pub"):send{type = "PUBLISH", topic = tp, payload = "", qos = 0, retain = true}
  s:expect{type = "PUBLISH", topic = tp, payload = "", retain = false}
end
