scenario {
  id = "3.1/connect/username-only",
  title = "A user name without a password leaves the Password Flag 0",
  description = [[With no password set, the Password Flag must be 0 and no Password field sent;
an empty password field would be a different credential.]],
  role = "client",
  section = "3.1",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-19", "MQTT-3.1.2-20"}, ["5.0"] = {"MQTT-3.1.2-17", "MQTT-3.1.2-18"}},
  level = "MUST",
}

function run(t)
  local _, connect = use("client").connect(t, {clean = true, username = "bob"})
  t:check(connect.username == "bob", "User Name bob", tostring(connect.username))
  t:check(connect.password == nil, "no Password", "Password " .. tostring(connect.password))
end
