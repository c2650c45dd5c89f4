scenario {
  id = "3.1/connect/prop-receive-maximum-zero",
  title = "5.0: CONNECT with Receive Maximum 0 is a Protocol Error",
  description = [[Receive Maximum 0 is explicitly a Protocol Error (3.1.2.11.3). The server must close, optionally
after CONNACK 0x82.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.4-1", "MQTT-4.13.1-1", "§3.1.2.11.3"}},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local connect = use("connect")
  local c = t:open("c1")
  c:send_bytes(connect.raw(t, 0x02, nil, mqtt.u8(0x21) .. mqtt.u16(0)))
  -- a CONNACK refusing with 0x81/0x82 may come first (4.13); the close is required
  verify.connect_refused(t, c)
end
