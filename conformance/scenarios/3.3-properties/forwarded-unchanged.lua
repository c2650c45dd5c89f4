scenario {
  id = "3.3/properties/forwarded-unchanged",
  title = "5.0: PUBLISH properties are forwarded unchanged, User Properties in order",
  description = [[A PUBLISH carries Payload Format Indicator 1, Content Type, Response Topic,
Correlation Data (binary, with a zero byte) and four User Properties, two sharing a key. The
subscriber must receive all of them unchanged, User Properties in the original order.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.3.2-4", "MQTT-3.3.2-15", "MQTT-3.3.2-16", "MQTT-3.3.2-17",
    "MQTT-3.3.2-18", "MQTT-3.3.2-20"}},
  level = "MUST",
}

function run(t)
  local tp = t:topic("props")
  local s = t:connect("s")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local props = {payload_format_indicator = 1, content_type = "application/json; charset=utf-8",
    response_topic = t:topic("reply"), correlation_data = "\0\255id",
    user_property = {{"b", "2"}, {"a", "1"}, {"b", "3"}, {"é", "ü"}}}
  t:connect("p"):send{type = "PUBLISH", topic = tp, payload = "{}", qos = 0, props = props}
  s:expect{type = "PUBLISH", topic = tp, payload = "{}", props = props}
end
