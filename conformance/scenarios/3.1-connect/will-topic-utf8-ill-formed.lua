scenario {
  id = "3.1/connect/will-topic-utf8-ill-formed",
  title = "A Will Topic with ill-formed UTF-8 closes the connection",
  description = [[The Will Topic is a UTF-8 string; we send an overlong sequence (E0 80 AF) in it. The server must
treat the CONNECT as malformed and close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-1.5.3-1", "MQTT-3.1.3-10"}, ["5.0"] = {"MQTT-1.5.4-1", "MQTT-3.1.3-11", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local connect = use("connect")
  local c = t:open("c1")
  local prefix = t:client_id("u")
  c:send_bytes(connect.raw(t, 0x06, mqtt.str(prefix) .. (t.v5 and "\0" or "") .. mqtt.str("w/\xE0\x80\xAF") .. mqtt.str("x")))
  verify.connect_refused(t, c)
end
