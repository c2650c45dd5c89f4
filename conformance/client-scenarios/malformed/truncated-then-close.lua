scenario {
  id = "malformed/truncated-then-close",
  title = "A PUBLISH cut short by the close is reported as a loss, never delivered",
  description = [[The server announces a 32-byte PUBLISH, sends 10 bytes and closes. The client
must report the lost connection and must not deliver a partial message to the application.]],
  role = "client",
  section = "2.2",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"§2.2.3"}, ["5.0"] = {"§2.1.4"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local d = t.client
  local c = cl.connect(t, {clean = true})
  cl.subscribe(t, c, "mqc/h/#", 0)
  c:send_bytes(mqtt.hex("30 20 00 07") .. "mqc/h/t" .. "x")
  c:close()
  d:expect({event = "connection_lost"}, {within = 3, expected = "connection_lost, and no message event"})
end
