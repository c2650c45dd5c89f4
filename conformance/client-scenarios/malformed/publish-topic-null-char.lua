scenario {
  id = "malformed/publish-topic-null-char",
  title = "A PUBLISH whose Topic Name holds U+0000 makes the client close",
  description = [[The server publishes on "mqc/h/a<U+0000>b" to a client subscribed to "mqc/h/#".
Topic Names must not contain U+0000 (4.7.3-2); 3.1.1 says a receiver of such a packet MUST close
(1.5.3-2), 5.0 makes it a malformed packet the client should close on (1.5.4-2, §4.13.1). The
message must not reach the application.]],
  role = "client",
  section = "1.5",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-1.5.3-2", "MQTT-4.7.3-2"}, ["5.0"] = {"MQTT-1.5.4-2", "MQTT-4.7.3-2", "§4.13.1"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true})
  cl.subscribe(t, c, "mqc/h/#", 0)
  c:send_bytes(cl.publish_bytes(t, 0x30, "mqc/h/a\0b", "nul"))
  cl.expect_client_closes(t, c)
  t.client:expect_none({event = "message", payload = "nul"}, 0.3)
end
