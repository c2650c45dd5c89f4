scenario {
  id = "3.3/topic-alias/alias-unknown",
  title = "5.0: an empty topic with an alias that was never set closes the connection",
  description = [[A zero-length Topic Name with a Topic Alias that has no mapping is a Protocol Error; the server must
close (DISCONNECT 0x82 ideally).]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.13.1-1", "§3.3.4"}},
  level = "MUST",
  needs = {"topic_alias"},
}

function run(t)
  local c = t:connect("c1")
  local max = t:caps().topic_alias_maximum or 0
  c:send_unchecked({type = "PUBLISH", topic = "", payload = "x", qos = 0, props = {topic_alias = 1}})
  use("verify").closed_on_error(t, c)
end
