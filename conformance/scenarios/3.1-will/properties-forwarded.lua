scenario {
  id = "3.1/will/properties-forwarded",
  title = "5.0: Will Properties are forwarded with the will, User Properties in order",
  description = [[The will carries Payload Format Indicator 1, Content Type, Response Topic,
Correlation Data and three User Properties (one key repeated). The published will must carry them
unchanged and the User Properties in their original order.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.3-10", "MQTT-3.3.2-4", "MQTT-3.3.2-15", "MQTT-3.3.2-16",
    "MQTT-3.3.2-17", "MQTT-3.3.2-18", "MQTT-3.3.2-20"}},
  level = "MUST",
}

function run(t)
  local wt = t:topic("will")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = wt, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local up = {{"k", "1"}, {"z", "2"}, {"k", "3"}}
  local wp = {payload_format_indicator = 1, content_type = "text/plain",
    response_topic = t:topic("reply"), correlation_data = "\0\1\2", user_property = up}
  local w = t:connect("w", {will = {topic = wt, payload = "bye", qos = 0, props = wp}})
  w:reset()
  s:expect{type = "PUBLISH", topic = wt, payload = "bye", props = wp}
end
