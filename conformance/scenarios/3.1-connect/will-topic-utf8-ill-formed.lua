scenario {
  id = "3.1/connect/will-topic-utf8-ill-formed",
  title = "A Will Topic with ill-formed UTF-8 closes the connection",
  description = [[The Will Topic is a UTF-8 string; we send an overlong sequence (E0 80 AF) in it. The server must
treat the CONNECT as malformed and close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-1.5.3-1", "MQTT-3.1.3-10"}, ["5.0"] = {"MQTT-1.5.4-1", "MQTT-3.1.3-11", "MQTT-4.13.1-1"}},
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
  c:send_bytes(raw_connect(t, 0x06, mqtt.str(prefix) .. (t.v5 and "\0" or "") .. mqtt.str("w/\xE0\x80\xAF") .. mqtt.str("x")))
  expect_refused(t, c)
end
