scenario {
  id = "malformed/second-connack",
  title = "A second CONNACK on an established connection makes the client close",
  description = [[A server sends one CONNACK per connection. A second one after the session is up
is out of order (a protocol error in 5.0; 3.1.1 does not say it in words). The client should close
rather than re-apply whatever the new CONNACK says.]],
  role = "client",
  section = "3.2",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"§3.2"}, ["5.0"] = {"MQTT-3.2.0-2", "§4.13.1"}},
  level = "SHOULD",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true})
  c:send{type = "CONNACK", session_present = false, reason = 0}
  cl.expect_client_closes(t, c, {level = "SHOULD"})
end
