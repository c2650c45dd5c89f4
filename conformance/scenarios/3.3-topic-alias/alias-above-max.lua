scenario {
  id = "3.3/topic-alias/alias-above-max",
  title = "5.0: a Topic Alias above the server's maximum closes the connection",
  description = [[A Topic Alias greater than the Topic Alias Maximum the server sent (0 if absent) is a Protocol
Error (3.3.2.3.4); the server must close, ideally after DISCONNECT 0x94.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.13.1-1", "MQTT-3.2.2-17", "MQTT-3.3.2-9", "§3.3.2.3.4"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local max = t:caps().topic_alias_maximum or 0
  c:send_unchecked({type = "PUBLISH", topic = t:topic("a"), payload = "x", qos = 0, props = {topic_alias = max + 1}})
  use("verify").closed_on_error(t, c)
end
