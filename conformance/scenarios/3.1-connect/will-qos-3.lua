scenario {
  id = "3.1/connect/will-qos-3",
  title = "Will QoS 3 is rejected",
  description = [[Connect Flags 0x1E: Will Flag 1 with both Will QoS bits set (QoS 3), with a complete will topic
and message. QoS 3 does not exist (5.0 calls it a Malformed Packet); the server must close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-14", "MQTT-3.1.4-1"}, ["5.0"] = {"MQTT-3.1.2-12", "MQTT-3.1.4-1"}},
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
  c:send_bytes(raw_connect(t, 0x1E, cid .. (t.v5 and "\0" or "") .. mqtt.str(t:topic("will")) .. mqtt.str("w")))
  expect_refused(t, c)
end
