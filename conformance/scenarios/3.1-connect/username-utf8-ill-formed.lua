scenario {
  id = "3.1/connect/username-utf8-ill-formed",
  title = "A User Name with ill-formed UTF-8 closes the connection",
  description = [[The User Name is a UTF-8 string. We send FF FE in it (never valid in UTF-8). The server must
treat the CONNECT as malformed and close, even if it does not check credentials at all.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-1.5.3-1", "MQTT-3.1.3-11"}, ["5.0"] = {"MQTT-1.5.4-1", "MQTT-3.1.3-12", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local connect = use("connect")
  local c = t:open("c1")
  local prefix = t:client_id("u")
  c:send_bytes(connect.raw(t, 0x82, mqtt.str(prefix) .. mqtt.str("u\xFF\xFE")))
  verify.connect_refused(t, c)
end
