scenario {
  id = "3.1/connect/no-credentials",
  title = "Without credentials, User Name and Password flags are 0",
  description = [[With no user name and no password the CONNECT must carry neither flag nor field
(and the Password Flag may never be 1 when the User Name Flag is 0).]],
  role = "client",
  section = "3.1",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-18", "MQTT-3.1.2-20", "MQTT-3.1.2-22"},
    ["5.0"] = {"MQTT-3.1.2-16", "MQTT-3.1.2-18"}},
  level = "MUST",
}

function run(t)
  local _, connect = use("client").connect(t, {clean = true})
  t:check(connect.username == nil and connect.password == nil, "no User Name, no Password",
    tostring(connect.username) .. " / " .. tostring(connect.password))
end
