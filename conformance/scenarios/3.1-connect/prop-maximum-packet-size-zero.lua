scenario {
  id = "3.1/connect/prop-maximum-packet-size-zero",
  title = "5.0: CONNECT with Maximum Packet Size 0 is a Protocol Error",
  description = [[A Maximum Packet Size of 0 is a Protocol Error (3.1.2.11.4). The server must close, optionally
after CONNACK 0x82.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.4-1", "MQTT-4.13.1-1", "§3.1.2.11.4"}},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local connect = use("connect")
  local c = t:open("c1")
  c:send_bytes(connect.raw(t, 0x02, nil, mqtt.u8(0x27) .. mqtt.u32(0)))
  -- a CONNACK refusing with 0x81/0x82 may come first (4.13); the close is required
  verify.connect_refused(t, c)
end
