scenario {
  id = "3.3/publish/payload-empty",
  title = "A zero-length payload is valid and delivered as such",
  description = [[A PUBLISH may have an empty payload. A non-retained, empty QoS 0 message must be
delivered to a subscriber with an empty payload.]],
  versions = {"3.1.1", "5.0"},
  statements = {"§3.3.3", "MQTT-4.5.0-1"},
  level = "MUST",
}

function run(t)
  local tp = t:topic("empty")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  t:connect("pub"):send{type = "PUBLISH", topic = tp, payload = "", qos = 0}
  s:expect{type = "PUBLISH", topic = tp, payload = ""}
end
