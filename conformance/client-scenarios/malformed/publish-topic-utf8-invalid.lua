scenario {
  id = "malformed/publish-topic-utf8-invalid",
  title = "A PUBLISH whose Topic Name is ill-formed UTF-8 makes the client close",
  description = [[Topic Names are UTF-8; the bytes FF FE never occur in well-formed UTF-8. A
receiver of ill-formed UTF-8 must treat the packet as malformed and close, not pass undecodable
text to the application.]],
  role = "client",
  section = "1.5",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-1.5.3-1"}, ["5.0"] = {"MQTT-1.5.4-1", "§4.13.1"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true})
  cl.subscribe(t, c, "mqc/h/#", 0)
  c:send_bytes(cl.publish_bytes(t, 0x30, "mqc/h/\xff\xfe", "bad"))
  cl.expect_client_closes(t, c)
end
