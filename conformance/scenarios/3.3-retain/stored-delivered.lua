scenario {
  id = "3.3/retain/stored-delivered",
  title = "A retained message is stored and sent with RETAIN 1 to a later subscriber",
  description = [[Publish QoS 1 with RETAIN 1 and no subscribers. A client subscribing afterwards
must receive it, flagged RETAIN 1 because it is sent as a result of the new subscription. The
retained message is cleared at the end.]],
  versions = {"3.1", "3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.3.1-5", "MQTT-3.3.1-6", "MQTT-3.3.1-8"}, ["5.0"] = {"MQTT-3.3.1-5", "MQTT-3.3.1-9"}},
  level = "MUST",
  needs = {"retain", "qos1", "grant_qos1"},
}

function run(t)
  local tp = t:topic("r")
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "kept", qos = 1, id = 1, retain = true}
  p:expect{type = "PUBACK", id = 1}
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 1}
  local suback = use("suback")
  local ack, m = suback.with_retained(s, {type = "SUBACK", id = 1}, {{type = "PUBLISH", topic = tp, payload = "kept"}})
  suback.granted(t, ack, {1})
  t:check(m.qos == 1, "the retained message at QoS 1", "QoS " .. tostring(m.qos))
  s:send{type = "PUBACK", id = m.id}
  p:send{type = "PUBLISH", topic = tp, payload = "", qos = 0, retain = true}
  t:check(m.retain == true, "RETAIN 1", "RETAIN 0")
end
