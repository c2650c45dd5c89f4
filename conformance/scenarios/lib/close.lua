-- Shared helpers for cases where the broker must close the connection.
-- Load with: local close = use("close")
local M = {}

-- Sends the bad bytes and, in the same write, a PINGREQ. A PINGRESP then proves
-- the broker carried on past the bad packet instead of closing, so the case
-- fails at once rather than waiting out the window. A 5.0 broker may send a
-- DISCONNECT before closing; its reason code must then be 0x80 or above
-- (5.0 MQTT-4.13.2-1). Returns expect_closed's result.
function M.after_bad_bytes(t, c, bytes, within)
  c:send_bytes(bytes .. mqtt.hex("c0 00"))
  return use("verify").closed_on_error(t, c, within)
end

return M
