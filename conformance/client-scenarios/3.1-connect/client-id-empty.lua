scenario {
  id = "3.1/connect/client-id-empty",
  title = "A zero-length Client Identifier goes with CleanSession 1",
  description = [[In 3.1.1 a server cannot keep a session for a client without an identifier, so
a client that sends a zero-length Client Identifier must also set CleanSession to 1.]],
  role = "client",
  section = "3.1",
  versions = {"3.1.1"},
  statements = {["3.1.1"] = {"MQTT-3.1.3-7"}},
  level = "MUST",
  needs = {"connect.client_id_empty"},
}

function run(t)
  local _, connect = use("client").connect(t, {clean = true, client_id = ""})
  t:check(connect.client_id == "", "empty client id", tostring(connect.client_id))
  t:check(connect.clean == true, "CleanSession = 1 with an empty client id", tostring(connect.clean))
end
