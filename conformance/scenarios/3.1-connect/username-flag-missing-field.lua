scenario {
  id = "3.1/connect/username-flag-missing-field",
  title = "User Name Flag set but no User Name in the payload is rejected",
  description = [[Connect Flags 0x82 (User Name, clean) but the payload ends after the Client Identifier. The user
name must be present when its flag is set; the server must close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-19", "MQTT-3.1.4-1"}, ["5.0"] = {"MQTT-3.1.2-17", "MQTT-3.1.4-1"}},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local connect = use("connect")
  local c = t:open("c1")
  local cid = mqtt.str(t:client_id("c1"))
  c:send_bytes(connect.raw(t, 0x82, cid))
  verify.connect_refused(t, c)
end
