scenario {
  id = "3.1/connect/password-flag-missing-field",
  title = "Password Flag set but no Password in the payload is rejected",
  description = [[Connect Flags 0xC2 (User Name, Password, clean) with a user name but no password field. The
password must be present when its flag is set; the server must close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-21", "MQTT-3.1.4-1"}, ["5.0"] = {"MQTT-3.1.2-19", "MQTT-3.1.4-1"}},
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
  c:send_bytes(raw_connect(t, 0xC2, cid .. mqtt.str("user")))
  expect_refused(t, c)
end
