-- A live subscriber that shows the broker has processed a publisher's
-- messages, for cases that must know a retained message is stored before
-- they subscribe. It receives the live copies on the same topic from the same
-- publisher at the same QoS (ordered by §4.6), so it needs neither a PINGREQ
-- round trip (a slow PINGRESP would change nothing about retained messages)
-- nor any order across topics or clients.
-- Load with: local witness = use("witness")
local M = {}

-- Connects a witness subscribed to filter at QoS 0 (before the publishes).
function M.open(t, filter)
  local w = t:connect("witness")
  w:send{type = "SUBSCRIBE", id = 1, filter = filter, qos = 0}
  t:subscribed(w, {type = "SUBACK", id = 1})
  return w
end

-- Expects the live copy of each payload on the witness, in any order (they
-- may be on different topics). Their delivery is the setup of the case, not
-- its check (MQTT-4.5.0-1 is not what it tests): a missing copy blocks it.
function M.saw(t, w, payloads)
  local pats = {}
  for i, pl in ipairs(payloads) do pats[i] = {type = "PUBLISH", payload = pl} end
  t:require(function() use("verify").any_order(w, pats, {expected = "the live copies on the witness"}) end,
    "live copies of the publisher's messages on a witness subscriber", "MQTT-4.5.0-1")
  w:close()
end

return M
