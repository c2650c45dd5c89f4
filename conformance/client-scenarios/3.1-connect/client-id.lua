scenario {
  id = "3.1/connect/client-id",
  title = "The Client Identifier is sent exactly as given, first in the payload",
  description = [[Client and server find the session by the Client Identifier, so the library must
send the application's identifier unchanged as the first payload field.]],
  role = "client",
  section = "3.1",
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-3.1.3-3", "MQTT-3.1.3-4", "MQTT-3.1.3-2"},
  level = "MUST",
}

function run(t)
  local id = t:client_id("Id-9")
  local _, connect = use("client").connect(t, {clean = true, client_id = id})
  t:check(connect.client_id == id, "client id " .. id, tostring(connect.client_id))
end
