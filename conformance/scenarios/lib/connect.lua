-- CONNECT packets built byte by byte, so that flags, properties and payload
-- can disagree on purpose (the validating encoder would refuse them).
-- Load with: local connect = use("connect")
local M = {}

-- Returns the bytes of a CONNECT for t.version: protocol name "MQTT", level 4
-- (3.1.1) or 5, Keep Alive 30. flags: the Connect Flags byte (default 0x02,
-- Clean Start). payload: the raw payload (default the Client Identifier
-- t:client_id("c1")). props (5.0): the raw property bytes, length-prefixed
-- here (default none).
function M.raw(t, flags, payload, props)
  local vh = mqtt.str("MQTT") .. mqtt.u8(t.v5 and 5 or 4) .. mqtt.u8(flags or 0x02) .. mqtt.u16(30)
  if t.v5 then
    props = props or ""
    vh = vh .. mqtt.vbi(#props) .. props
  end
  return mqtt.packet(0x10, vh .. (payload or mqtt.str(t:client_id("c1"))))
end

return M
