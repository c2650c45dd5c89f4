scenario {
  id = "3.3/topic-alias/alias-not-across-connections",
  title = "5.0: a server Topic Alias set on one connection means nothing on the next one",
  description = [[The client allows Topic Aliases (maximum 5) and keeps its session. On the first
connection the server maps alias 1 to "mqc/ta/x" and the message arrives with that topic. The
connection drops, the same library client resumes the session, and the server sends a PUBLISH with
an empty Topic Name and alias 1. Alias mappings last only for the connection they were made on: a
receiver must not carry them into another one (3.3.2-7), so the client must not deliver the message
on "mqc/ta/x". An alias with no mapping is a protocol error the client should close on (§4.13.1).]],
  role = "client",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.3.2-7", "§3.3.2.3.4", "§4.13.1"}},
  level = "MUST",
  needs = {"connect.resume"},
  timeout = 15,
}

function run(t)
  local cl = use("client")
  local d = t.client
  local cid = t:client_id("tac")
  local props = {session_expiry_interval = 300, topic_alias_maximum = 5}
  local c = cl.connect_persistent(t, {client_id = cid, props = props})
  cl.subscribe(t, c, "mqc/ta/#", 0)
  c:send{type = "PUBLISH", topic = "mqc/ta/x", qos = 0, payload = "one", props = {topic_alias = 1}}
  d:expect({event = "message", payload = "one", topic = "mqc/ta/x"}, {skip = {"error"}})
  cl.drop(t, c)
  local c2 = cl.connect_persistent(t, {client_id = cid, resume = true, name = "c2", props = props,
    connack = {session_present = true}})
  c2:send_unchecked{type = "PUBLISH", topic = "", qos = 0, payload = "two", props = {topic_alias = 1}}
  d:expect_none({event = "message", payload = "two", topic = "mqc/ta/x"}, 1)
  cl.expect_client_closes(t, c2, {level = "SHOULD"})
end
