-- A subscriber that answers a server's QoS 1/2 flow with an ack for some *other* packet id,
-- then resumes its session: the server must still hold the exchange as unacknowledged
-- (5.0 MQTT-4.3.2-3 / 4.3.3-3 / 4.3.3-5; 3.1.1 MQTT-4.3.2-1 / 4.3.3-1) and resend it
-- (MQTT-4.4.0-1). Load with: local unacked = use("unacked")
local M = {}

-- A packet id that is not `id` (1..65535).
function M.other(id) return id % 65535 + 1 end

-- Opens the persistent subscriber on a fresh topic at `qos` and makes one message arrive.
-- Returns the connection, the received PUBLISH, the client id and the CONNECT props.
function M.setup(t, qos)
  local id = t:client_id("s")
  local tp = t:topic("ua")
  local props = t.v5 and {session_expiry_interval = 60} or nil
  local s = t:connect("s1", {client_id = id, clean = false, props = props})
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = qos}
  s:expect{type = "SUBACK", id = 1, reasons = {qos}}
  use("qos").publish(t:connect("pub"), {topic = tp, payload = "held", qos = qos, id = 1})
  local m = s:expect{type = "PUBLISH", topic = tp, payload = "held", qos = qos}
  return s, m, id, props
end

-- After the stray ack: a PINGREQ in the same stream, so the server has read the stray ack
-- before the connection drops (a reset right after it could beat the ack and prove nothing).
-- The server may answer the stray ack (5.0 PUBREL 0x92 for an unknown PUBREC) or close on it
-- (it names no exchange of this session); `forbidden(pkt)` returns a failure text for a packet
-- that shows the real exchange was taken as acknowledged.
function M.settle(t, s, forbidden)
  s:send{type = "PINGREQ"}
  while true do
    local pkt, why = s:recv{within = 2}
    if not pkt then
      t:check(why == "closed" or why == "reset", "PINGRESP or a close after the stray ack",
        "nothing within 2 s (" .. tostring(why) .. ")")
      return
    end
    local bad = forbidden and forbidden(pkt)
    if bad then t:fail{expected = "the exchange still unacknowledged", observed = bad} end
    if pkt.type == "PINGRESP" or pkt.type == "DISCONNECT" then return end
  end
end

-- Drops the connection and resumes the session: the returned connection's next packet is
-- what the server resends.
function M.resume(t, s, id, props)
  if s:is_open() then s:reset() end
  local s2 = t:connect("s2", {client_id = id, clean = false, props = props})
  t:check(s2.connack.session_present == true, "Session Present 1", "Session Present 0")
  return s2
end

-- Ends the persistent session.
function M.finish(t, c, id)
  c:send{type = "DISCONNECT", props = t.v5 and {session_expiry_interval = 0} or nil}
  c:close()
  if not t.v5 then t:connect("cleanup", {client_id = id, clean = true}):send{type = "DISCONNECT"} end
end

return M
