scenario {
  id = "3.3/topic-alias/alias-zero",
  title = "5.0: Topic Alias 0 closes the connection",
  description = [[Topic Alias 0 is not permitted; the receiver must treat it as a Topic Alias invalid error: close,
after DISCONNECT 0x94 ideally.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.3.2-8", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local max = t:caps().topic_alias_maximum or 0
  c:send_unchecked({type = "PUBLISH", topic = t:topic("a"), payload = "x", qos = 0, props = {topic_alias = 0}})
  use("verify").closed_on_error(t, c)
end
