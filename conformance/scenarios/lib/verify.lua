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
-- o.within (default 2), o.ack_text names the ack in the expectation.
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
  local i, p = c:expect_one_of(alts, {within = o.within or 2, expected = table.concat(words, ", or ")})
  if p and p.type == "DISCONNECT" then
    c:expect_closed{within = 1}
    return nil
  end
  return p
end

return M
