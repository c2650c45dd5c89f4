scenario {
  id = "3.1/connect/fixed-header-flags",
  title = "CONNECT with non-zero fixed-header flags is malformed and closes the connection",
  description = [[The low nibble of CONNECT's first byte is reserved and must be 0000. We send a
valid CONNECT whose first byte is 0x1F. The receiver must close (3.1.1 MQTT-2.2.2-2; 5.0 Malformed
Packet). A v5 CONNACK 0x81 before the close is accepted; a successful CONNACK is a failure.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-2.2.2-1", "MQTT-2.2.2-2"}, ["5.0"] = {"MQTT-2.1.3-1", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local c = t:open("c1")
  local good = mqtt.encode({type = "CONNECT", client_id = t:client_id("c1"), clean = true,
    keepalive = 30}, t.version)
  c:send_bytes(string.char(0x1F) .. good:sub(2))
  verify.connect_refused(t, c)
end
