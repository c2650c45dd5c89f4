scenario {
  id = "3.1/connect/username-password",
  title = "User name and password set both flags and both fields",
  description = [[The server reads the User Name and Password only when their flags say so; the
flags and the fields must agree or the server misreads the payload.]],
  role = "client",
  section = "3.1",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-19", "MQTT-3.1.2-21", "MQTT-3.1.3-11"},
    ["5.0"] = {"MQTT-3.1.2-17", "MQTT-3.1.2-19", "MQTT-3.1.3-12"}},
  level = "MUST",
}

function run(t)
  local _, connect = use("client").connect(t, {clean = true, username = "alice", password = "s3cret"})
  t:check(connect.username == "alice", "User Name alice", tostring(connect.username))
  t:check(connect.password == "s3cret", "Password s3cret", tostring(connect.password))
end
