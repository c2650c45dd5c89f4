scenario {
  id = "3.1/connect/prop-maximum-packet-size-zero",
  title = "5.0: CONNECT with Maximum Packet Size 0 is a Protocol Error",
  description = [[A Maximum Packet Size of 0 is a Protocol Error (3.1.2.11.4). The server must close, optionally
after CONNACK 0x82.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.4-1", "MQTT-4.13.1-1", "§3.1.2.11.4"}},
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
  c:send_bytes(connect_with_props(t, mqtt.u8(0x27) .. mqtt.u32(0)))
  -- a CONNACK refusing with 0x81/0x82 may come first (4.13); the close is required
  local i = c:expect_one_of({{type = "CONNACK", reason = function(v) return v ~= nil and (v >= 0x80) end},
    {closed = true}}, {within = 2})
  if i == 1 then c:expect_closed{within = 1} end
end
