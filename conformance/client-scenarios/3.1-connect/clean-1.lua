scenario {
  id = "3.1/connect/clean-1",
  title = "Asking for a clean session sets CleanSession / Clean Start to 1",
  description = [[The application asks for a clean session. The flag is the only way the server
learns that old session state must be dropped; a library that leaves it 0 would silently resume
old subscriptions and queued messages.]],
  role = "client",
  section = "3.1",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-6"}, ["5.0"] = {"MQTT-3.1.2-4"}},
  level = "MUST",
}

function run(t)
  local _, connect = use("client").connect(t, {clean = true})
  t:check(connect.clean == true, "CleanSession / Clean Start = 1", tostring(connect.clean))
end
