scenario {
  id = "malformed/topic-alias-above-client-maximum",
  title = "A server Topic Alias above the client's Topic Alias Maximum makes the client close",
  description = [[The client allowed aliases 1..2; the server uses alias 9. The server broke
its side of the contract (a protocol error, DISCONNECT 0x94 Topic Alias invalid): the client
should close rather than grow its alias table past what it announced.]],
  role = "client",
  section = "3.3",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.3.2-11", "MQTT-3.1.2-26", "§4.13.1"}},
  level = "SHOULD",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true, props = {topic_alias_maximum = 2}})
  cl.subscribe(t, c, "mqc/h/#", 0)
  c:send_unchecked{type = "PUBLISH", topic = "mqc/h/a", qos = 0, payload = "nine", props = {topic_alias = 9}}
  cl.expect_client_closes(t, c)
end
