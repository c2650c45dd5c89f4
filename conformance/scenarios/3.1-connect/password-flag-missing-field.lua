scenario {
  id = "3.1/connect/password-flag-missing-field",
  title = "Password Flag set but no Password in the payload is rejected",
  description = [[Connect Flags 0xC2 (User Name, Password, clean) with a user name but no password field. The
password must be present when its flag is set; the server must close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-21", "MQTT-3.1.4-1"}, ["5.0"] = {"MQTT-3.1.2-19", "MQTT-3.1.4-1"}},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local connect = use("connect")
  local c = t:open("c1")
  local cid = mqtt.str(t:client_id("c1"))
  c:send_bytes(connect.raw(t, 0xC2, cid .. mqtt.str("user")))
  verify.connect_refused(t, c)
end
