scenario {
  id = "3.1/connect/username-utf8-ill-formed",
  title = "A User Name with ill-formed UTF-8 closes the connection",
  description = [[The User Name is a UTF-8 string. We send FF FE in it (never valid in UTF-8). The server must
treat the CONNECT as malformed and close, even if it does not check credentials at all.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-1.5.3-1", "MQTT-3.1.3-11"}, ["5.0"] = {"MQTT-1.5.4-1", "MQTT-3.1.3-12", "MQTT-4.13.1-1"}},
  level = "MUST",
}

local function raw_connect(t, flags, payload)
  local vh = mqtt.str("MQTT") .. mqtt.u8(t.v5 and 5 or 4) .. mqtt.u8(flags) .. mqtt.u16(30)
    .. (t.v5 and "\0" or "")
  return mqtt.packet(0x10, vh .. payload)
end

-- 3.1.1 closes; 5.0 may first send CONNACK with a reason >= 0x80 (0x81 expected).
local function expect_refused(t, c)
  local i = c:expect_one_of({{type = "CONNACK", reason = function(v) return v ~= nil and (t.v5 and v >= 0x80) end},
    {closed = true}}, {within = 2})
  if i == 1 then c:expect_closed{within = 1} end
end

function run(t)
  local c = t:open("c1")
  local prefix = t:client_id("u")
  c:send_bytes(raw_connect(t, 0x82, mqtt.str(prefix) .. mqtt.str("u\xFF\xFE")))
  expect_refused(t, c)
end
