scenario {
  id = "3.1/connect/prop-duplicate",
  title = "5.0: CONNECT with Session Expiry Interval twice is a Protocol Error",
  description = [[Properties other than User Property may appear once. Two Session Expiry Interval properties make
a Protocol Error (3.1.2.11.2); the server must close.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.4-1", "MQTT-4.13.1-1", "§3.1.2.11.2"}},
  level = "MUST",
}

-- v5 CONNECT with a hand-made property block, so that invalid properties reach the server.
local function connect_with_props(t, props)
  local vh = mqtt.str("MQTT") .. mqtt.u8(5) .. mqtt.u8(0x02) .. mqtt.u16(30)
    .. mqtt.vbi(#props) .. props
  return mqtt.packet(0x10, vh .. mqtt.str(t:client_id("c1")))
end

function run(t)
  local c = t:open("c1")
  c:send_bytes(connect_with_props(t, mqtt.u8(0x11) .. mqtt.u32(10) .. mqtt.u8(0x11) .. mqtt.u32(20)))
  -- a CONNACK refusing with 0x81/0x82 may come first (4.13); the close is required
  local i = c:expect_one_of({{type = "CONNACK", reason = function(v) return v ~= nil and (v >= 0x80) end},
    {closed = true}}, {within = 2})
  if i == 1 then c:expect_closed{within = 1} end
end
