-- The QoS 1 and QoS 2 handshakes, from either end, so that cases about what a
-- broker does with a message do not spell the flows out each time.
-- Load with: local qos = use("qos")
local M = {}

-- Publishes on c at msg.qos (packet id msg.id, default 1, when qos > 0) and
-- completes the sender's side: PUBACK for QoS 1 (§4.3.2), PUBREC / PUBREL /
-- PUBCOMP for QoS 2 (§4.3.3).
function M.publish(c, msg)
  local q = msg.qos or 0
  local pkt = {type = "PUBLISH"}
  for k, v in pairs(msg) do pkt[k] = v end
  if q > 0 then pkt.id = msg.id or 1 end
  c:send(pkt)
  if q == 1 then
    c:expect{type = "PUBACK", id = pkt.id}
  elseif q == 2 then
    c:expect{type = "PUBREC", id = pkt.id}
    c:send{type = "PUBREL", id = pkt.id}
    c:expect{type = "PUBCOMP", id = pkt.id}
  end
end

-- Completes the receiver's side for a PUBLISH m that arrived on c.
function M.ack(c, m)
  if m.qos == 1 then
    c:send{type = "PUBACK", id = m.id}
  elseif m.qos == 2 then
    c:send{type = "PUBREC", id = m.id}
    c:expect{type = "PUBREL", id = m.id}
    c:send{type = "PUBCOMP", id = m.id}
  end
end

-- §3.8.4 / §4.3: a message published at pub_qos to a subscription granted
-- sub_qos is delivered at the smaller of the two.
function M.delivered_at_minimum(t, sub_qos, pub_qos)
  local tp = t:topic("d")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = sub_qos}
  t:subscribed(s, {type = "SUBACK", id = 1, reasons = {sub_qos}})
  M.publish(t:connect("pub"), {topic = tp, payload = "m", qos = pub_qos})
  local want = math.min(sub_qos, pub_qos)
  M.ack(s, s:expect{type = "PUBLISH", topic = tp, payload = "m", qos = want})
end

return M
