scenario {
  id = "3.1/connect/clean-0",
  title = "Asking for a persistent session sets CleanSession / Clean Start to 0",
  description = [[The application asks to keep its session. With the flag at 1 the server would
throw the session away, so subscriptions and queued QoS 1/2 messages would be lost on every
reconnect.]],
  role = "client",
  section = "3.1",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-4"}, ["5.0"] = {"§3.1.2.4"}},
  level = "MUST",
}

function run(t)
  local props = t.v5 and {session_expiry_interval = 300} or nil
  local _, connect = use("client").connect(t, {clean = false, props = props})
  t:check(connect.clean == false, "CleanSession / Clean Start = 0", tostring(connect.clean))
end
