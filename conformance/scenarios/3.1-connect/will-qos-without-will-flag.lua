scenario {
  id = "3.1/connect/will-qos-without-will-flag",
  title = "Will QoS set while the Will Flag is 0 is rejected",
  description = [[Connect Flags 0x0A: Will Flag 0 but Will QoS 1. With no will, Will QoS must be 0; the CONNECT
is invalid and the server must close the connection.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-13", "MQTT-3.1.2-11", "MQTT-3.1.4-1"}, ["5.0"] = {"MQTT-3.1.2-11", "MQTT-3.1.4-1"}},
  level = "MUST",
}

-- Builds a CONNECT by hand so that flags and payload can disagree on purpose.
local function raw_connect(t, flags, payload)
  local vh = mqtt.str("MQTT") .. mqtt.u8(t.v5 and 5 or 4) .. mqtt.u8(flags) .. mqtt.u16(30)
    .. (t.v5 and "\0" or "")
  return mqtt.packet(0x10, vh .. payload)
end

-- 3.1.1: a non-conforming CONNECT is closed without CONNACK (MQTT-3.1.4-1).
-- 5.0: a CONNACK with a reason >= 0x80 may come first, then the close.
local function expect_refused(t, c)
  local i = c:expect_one_of({{type = "CONNACK", reason = function(v) return v ~= nil and (t.v5 and v >= 0x80) end},
    {closed = true}}, {within = 2})
  if i == 1 then c:expect_closed{within = 1} end
end

function run(t)
  local c = t:open("c1")
  local cid = mqtt.str(t:client_id("c1"))
  c:send_bytes(raw_connect(t, 0x0A, cid))
  expect_refused(t, c)
end
