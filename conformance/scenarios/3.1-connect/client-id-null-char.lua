scenario {
  id = "3.1/connect/client-id-null-char",
  title = "A Client Identifier containing U+0000 closes the connection",
  description = [[An MQTT UTF-8 string must not contain the null character. The Client Identifier carries a 00
byte in its middle; the server must close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-1.5.3-2", "MQTT-3.1.3-4"}, ["5.0"] = {"MQTT-1.5.4-2", "MQTT-3.1.3-4", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local connect = use("connect")
  local c = t:open("c1")
  local prefix = t:client_id("u")
  c:send_bytes(connect.raw(t, 0x02, mqtt.str(prefix .. "\0x")))
  verify.connect_refused(t, c)
end
