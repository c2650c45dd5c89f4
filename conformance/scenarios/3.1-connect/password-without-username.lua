scenario {
  id = "3.1/connect/password-without-username",
  title = "3.1.1: Password Flag without User Name Flag is rejected",
  description = [[Connect Flags 0x42: Password Flag 1, User Name Flag 0, with a password field. 3.1.1 requires the
Password Flag to be 0 when the User Name Flag is 0, so the server must close. (5.0 dropped this rule.)]],
  versions = {"3.1.1"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-22", "MQTT-3.1.4-1"}, },
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local connect = use("connect")
  local c = t:open("c1")
  local cid = mqtt.str(t:client_id("c1"))
  c:send_bytes(connect.raw(t, 0x42, cid .. mqtt.str("pw")))
  verify.connect_refused(t, c)
end
