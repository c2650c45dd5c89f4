scenario {
  id = "3.3/topic-alias/alias-when-client-allowed-none",
  title = "5.0: a server Topic Alias to a client that allowed none makes the client close",
  description = [[The client's CONNECT carries no Topic Alias Maximum (or 0), so the server must
send no Topic Alias (3.1.2-27). The server sends a PUBLISH with a Topic Name and Topic Alias 1:
an alias above the client's maximum of 0 is a Protocol Error (§3.3.2.3.4); the client should close
(§4.13). UNSUPPORTED when the library announces a Topic Alias Maximum itself.]],
  role = "client",
  section = "3.3",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.2-27", "§4.13.1"}},
  level = "SHOULD",
}

function run(t)
  local cl = use("client")
  local c, connect = cl.connect(t, {clean = true})
  local max = connect.props and connect.props.topic_alias_maximum or 0
  if max > 0 then
    t:unsupported("the library announced Topic Alias Maximum " .. max)
  end
  cl.subscribe(t, c, "mqc/h/#", 0)
  c:send_unchecked{type = "PUBLISH", topic = "mqc/h/alias", qos = 0, payload = "aliased", props = {topic_alias = 1}}
  cl.expect_client_closes(t, c)
end
