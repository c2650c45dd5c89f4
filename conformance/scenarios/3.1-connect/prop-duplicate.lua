scenario {
  id = "3.1/connect/prop-duplicate",
  title = "5.0: CONNECT with Session Expiry Interval twice is a Protocol Error",
  description = [[Properties other than User Property may appear once. Two Session Expiry Interval properties make
a Protocol Error (3.1.2.11.2); the server must close.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.4-1", "MQTT-4.13.1-1", "§3.1.2.11.2"}},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local connect = use("connect")
  local c = t:open("c1")
  c:send_bytes(connect.raw(t, 0x02, nil, mqtt.u8(0x11) .. mqtt.u32(10) .. mqtt.u8(0x11) .. mqtt.u32(20)))
  -- a CONNACK refusing with 0x81/0x82 may come first (4.13); the close is required
  verify.connect_refused(t, c)
end
