scenario {
  id = "3.1/connect/client-id-utf8-ill-formed",
  title = "A Client Identifier with ill-formed UTF-8 (overlong C0 AF) closes the connection",
  description = [[The Client Identifier is a UTF-8 string; C0 AF is an overlong encoding of '/', which RFC 3629
forbids. Receiving ill-formed UTF-8 is a malformed packet: the server must close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-1.5.3-1", "MQTT-3.1.3-4"}, ["5.0"] = {"MQTT-1.5.4-1", "MQTT-3.1.3-4", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local connect = use("connect")
  local c = t:open("c1")
  local prefix = t:client_id("u")
  c:send_bytes(connect.raw(t, 0x02, mqtt.str(prefix .. "\xC0\xAF")))
  verify.connect_refused(t, c)
end
