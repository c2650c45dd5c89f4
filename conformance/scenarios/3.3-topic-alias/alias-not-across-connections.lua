scenario {
  id = "3.3/topic-alias/alias-not-across-connections",
  title = "5.0: Topic Alias mappings do not survive into a new connection",
  description = [[A client sets alias 1 on one connection, then reconnects (same client id, session
kept) and publishes an empty topic with alias 1. Mappings belong to a network connection, so the
alias is unknown there: the server must close with a Protocol Error.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.3.2-7", "MQTT-4.13.1-1"}},
  level = "MUST",
  needs = {"topic_alias"},
}

function run(t)
  local id = t:client_id("c")
  local a = t:connect("a", {client_id = id, clean = true, props = {session_expiry_interval = 30}})
  a:send{type = "PUBLISH", topic = t:topic("x"), payload = "set", qos = 0, props = {topic_alias = 1}}
  a:send{type = "DISCONNECT"}
  a:close()
  local b = t:connect("b", {client_id = id, clean = false, props = {session_expiry_interval = 0}})
  b:send_unchecked{type = "PUBLISH", topic = "", payload = "use", qos = 0, props = {topic_alias = 1}}
  use("verify").closed_on_error(t, b, 1)
end
