scenario {
  id = "4.1/session/no-resend-while-connected",
  title = "5.0: an unacknowledged QoS 1 message is not re-sent while the connection stays up",
  description = [[In 5.0 a server must re-send unacknowledged PUBLISH packets only when a session is
resumed, never at any other time. We receive a QoS 1 message, withhold the PUBACK for 1.5 s and
require silence; then we acknowledge it.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.4.0-1"}},
  level = "MUST",
  needs = {"qos1", "grant_qos1"},
  timeout = 6,
}

function run(t)
  local tp = t:topic("r")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 1}
  t:subscribed(s, {type = "SUBACK", id = 1, reasons = {1}})
  t:connect("pub"):send{type = "PUBLISH", topic = tp, payload = "once", qos = 1, id = 1}
  local m = s:expect{type = "PUBLISH", topic = tp, payload = "once", qos = 1}
  s:expect_silence(1.5)
  s:send{type = "PUBACK", id = m.id}
end
