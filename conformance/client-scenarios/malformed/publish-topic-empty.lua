scenario {
  id = "malformed/publish-topic-empty",
  title = "A PUBLISH with an empty Topic Name (and no Topic Alias) makes the client close",
  description = [[A Topic Name is at least one character long (in 5.0 an empty one is allowed
only with a Topic Alias that supplies it). The CVE-2021-34432 shape aimed at a client.]],
  role = "client",
  section = "4.7",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.7.3-1", "MQTT-4.8.0-1"}, ["5.0"] = {"MQTT-4.7.3-1", "§4.13.1"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true})
  cl.subscribe(t, c, "mqc/h/#", 0)
  c:send_bytes(cl.publish_bytes(t, 0x30, "", "empty"))
  cl.expect_client_closes(t, c)
end
