scenario {
  id = "malformed/topic-alias-unmapped",
  title = "A server PUBLISH using a Topic Alias that was never set makes the client close",
  description = [[An empty Topic Name with Topic Alias 3, when the server never mapped alias 3
on this connection, leaves the message without a topic: a protocol error. The client (which
allowed aliases 1..5) should close instead of delivering a topic-less message.]],
  role = "client",
  section = "3.3",
  versions = {"5.0"},
  statements = {["5.0"] = {"§3.3.2.3.4", "§4.13.1"}},
  level = "SHOULD",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true, props = {topic_alias_maximum = 5}})
  cl.subscribe(t, c, "mqc/h/#", 0)
  c:send_unchecked{type = "PUBLISH", topic = "", qos = 0, payload = "who?", props = {topic_alias = 3}}
  cl.expect_client_closes(t, c)
end
