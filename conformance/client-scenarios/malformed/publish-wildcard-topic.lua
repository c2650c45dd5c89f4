scenario {
  id = "malformed/publish-wildcard-topic",
  title = "A PUBLISH whose Topic Name holds a wildcard makes the client close, undelivered",
  description = [[Topic Names never contain + or #. A server PUBLISH to "mqc/h/+" is invalid; a
client that delivers it lets the application match a filter against a pattern. The client must
close and not deliver it.]],
  role = "client",
  section = "3.3",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.3.2-2", "MQTT-4.7.1-1", "MQTT-4.8.0-1"},
    ["5.0"] = {"MQTT-3.3.2-2", "MQTT-4.7.0-1", "§4.13.1"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true})
  cl.subscribe(t, c, "mqc/h/#", 0)
  c:send_bytes(cl.publish_bytes(t, 0x30, "mqc/h/+", "wild"))
  cl.expect_client_closes(t, c)
end
