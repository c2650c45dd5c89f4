scenario {
  id = "3.1/connect/client-id-utf8-surrogate",
  title = "A Client Identifier holding an encoded surrogate (ED A0 80) closes the connection",
  description = [[ED A0 80 encodes U+D800, a surrogate code point that must not appear in an MQTT UTF-8 string.
The server must treat the CONNECT as malformed and close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-1.5.3-1", "MQTT-3.1.3-4"}, ["5.0"] = {"MQTT-1.5.4-1", "MQTT-3.1.3-4", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local connect = use("connect")
  local c = t:open("c1")
  local prefix = t:client_id("u")
  c:send_bytes(connect.raw(t, 0x02, mqtt.str(prefix .. "\xED\xA0\x80")))
  verify.connect_refused(t, c)
end
