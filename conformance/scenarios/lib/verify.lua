-- Verifiers for the answers a broker may give when it must refuse something,
-- so that every case accepts the same set (the h2spec habit of
-- VerifyConnectionError): a failure ack, a 5.0 DISCONNECT with a failure
-- reason then the close, or the close alone.
-- Load with: local verify = use("verify")
local M = {}

-- Match value for a reason code that reports a failure: 0x80 and above
-- (5.0 §2.4; 3.1.1 SUBACK 0x80). Match functions are called with nil when the
-- decoded packet lacks the field, hence the nil test.
function M.FAILURE(v) return v ~= nil and v >= 0x80 end

-- Match value for a SUBACK / UNSUBACK reasons list of exactly n codes, every
-- one a failure.
function M.failures(n)
  return function(v)
    if v == nil or #v ~= n then return false end
    for _, r in ipairs(v) do if r < 0x80 then return false end end
    return true
  end
end

-- Checks a 5.0 DISCONNECT (from expect_closed's result) carries a failure
-- reason: a server that ends a connection for an error says which one with a
-- code >= 0x80 (5.0 MQTT-4.13.2-1, §3.14.2.1).
function M.disconnect_failure(t, r)
  if r and r.disconnect then
    t:check(M.FAILURE(r.disconnect.reason), "DISCONNECT reason >= 0x80",
      string.format("0x%02x", r.disconnect.reason or 0))
  end
  return r
end

-- The broker must close c because of an error: expect_closed, and a 5.0
-- DISCONNECT sent before the close must carry a reason >= 0x80.
function M.closed_on_error(t, c, within)
  return M.disconnect_failure(t, c:expect_closed{within = within or 1})
end

-- The broker refuses the CONNECT just sent on c. 5.0: a CONNACK with a
-- reason >= 0x80 followed by the close (MQTT-3.2.2-7 of 5.0), or the close at
-- once. 3.1 / 3.1.1: the close without a CONNACK. Returns the refusing CONNACK
-- or nil.
function M.connect_refused(t, c, within)
  local alts = {{closed = true}}
  local want = "the connection closed without a CONNACK"
  if t.v5 then
    alts = {{type = "CONNACK", reason = M.FAILURE}, {closed = true}}
    want = "a CONNACK with a reason >= 0x80 then the close, or the close"
  end
  local _, p = c:expect_one_of(alts, {within = within or 2, expected = want})
  if p then c:expect_closed{within = 1} end
  return p
end

-- The broker refuses the request just sent on c, in any of the ways the spec
-- allows: `ack` (a match table for the failure ack that answers it, or nil
-- when there is none; the connection may then stay open), a 5.0 DISCONNECT
-- with a reason >= 0x80 followed by the close, or the close.
-- o.within (default 2), o.ack_text names the ack in the expectation, o.level
-- grades a failure of this check (e.g. "SHOULD" where the spec states no duty
-- for the receiver, README "Grading").
-- Returns the ack packet, or nil when the connection was closed.
function M.refused(t, c, ack, o)
  o = o or {}
  local alts, words = {}, {}
  if ack then
    alts[#alts + 1] = ack
    words[#words + 1] = o.ack_text or (ack.type .. " with a failure reason")
  end
  if t.v5 then
    alts[#alts + 1] = {type = "DISCONNECT", reason = M.FAILURE}
    words[#words + 1] = "DISCONNECT with a reason >= 0x80 then the close"
  end
  alts[#alts + 1] = {closed = true}
  words[#words + 1] = "the close"
  local i, p = c:expect_one_of(alts, {within = o.within or 2, level = o.level,
    expected = table.concat(words, ", or ")})
  if p and p.type == "DISCONNECT" then
    c:expect_closed{within = 1}
    return nil
  end
  return p
end

-- Expects one packet matching each pattern, in any order (for answers whose
-- order the spec does not fix: deliveries on different topics, responses of
-- different packet types). Returns the packets in the order of the patterns;
-- equal patterns take packets in arrival order.
function M.any_order(c, patterns, opts)
  local got, left = {}, {}
  for i = 1, #patterns do left[i] = i end
  while #left > 0 do
    local alts = {}
    for k, i in ipairs(left) do alts[k] = patterns[i] end
    local k, pkt = c:expect_one_of(alts, opts)
    got[left[k]] = pkt
    table.remove(left, k)
  end
  return table.unpack(got, 1, #patterns)
end

-- A bounded silence window for absence where no marker can be ordered after
-- the unwanted message (the subscriber cannot receive a marker on the topic
-- that must not reach it): for `seconds` (scaled), no packet on c for which
-- bad(p) is true; other packets (e.g. traffic of "#") are passed over, at most
-- 500 of them. `what` names the unwanted message in the finding.
function M.none_within(t, c, seconds, bad, what)
  local waited, seen = 0, 0
  while waited < seconds and seen < 500 do
    local p, why = c:recv{within = 0.05}
    if p then
      seen = seen + 1
      if bad(p) then
        t:fail{expected = "no " .. what .. " within " .. seconds .. " s",
          observed = string.format("%s %s on %s", p.type, p.topic and ("'" .. p.topic .. "'") or "", c.name)}
      end
    elseif why == "timeout" then
      waited = waited + 0.05
    else
      t:fail{expected = "no " .. what .. " within " .. seconds .. " s (connection open)",
        observed = c.name .. " " .. tostring(why)}
    end
  end
end

-- The window used by the cases above: long enough for a broker on loopback to
-- forward a message it has accepted, short enough to keep cases quick.
M.WINDOW = 0.5

return M
