scenario {
  id = "3.1/connect/trailing-bytes",
  title = "Bytes after the last field the flags announce make CONNECT malformed",
  description = [[Connect Flags 0x02 (no will, no user name, no password) but three extra bytes follow the Client
Identifier. The flags say the payload ends there, so the packet does not conform to 3.1 and the
server must close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-18", "MQTT-3.1.2-20", "MQTT-3.1.4-1"}, ["5.0"] = {"MQTT-3.1.2-16", "MQTT-3.1.2-18", "MQTT-3.1.4-1"}},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local connect = use("connect")
  local c = t:open("c1")
  local cid = mqtt.str(t:client_id("c1"))
  c:send_bytes(connect.raw(t, 0x02, cid .. mqtt.str("x")))
  verify.connect_refused(t, c)
end
