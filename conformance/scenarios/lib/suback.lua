-- SUBACK together with the retained messages a SUBSCRIBE brings.
-- Load with: local suback = use("suback")
local M = {}

-- Both versions let a server send the PUBLISHes matching a new subscription
-- (its retained messages) before the SUBACK (§3.8.4), so a case must not
-- insist on SUBACK first. Expects the SUBACK pattern and every PUBLISH
-- pattern once each, in any order; returns the SUBACK, then the PUBLISHes
-- in the order of the patterns (equal patterns take packets in arrival order).
function M.with_retained(c, suback, publishes, opts)
  local pats = {suback}
  for _, p in ipairs(publishes) do pats[#pats + 1] = p end
  return use("verify").any_order(c, pats, opts)
end

-- The grant of a SUBACK that with_retained returned is the case's setup: a
-- server may grant less than asked or refuse (§3.8.4), and a case cannot test
-- its statement on a subscription it did not get, so a grant other than
-- `reasons` blocks the case (t:require), it is no finding against it.
function M.granted(t, ack, reasons)
  local got, same = ack.reasons or {}, #(ack.reasons or {}) == #reasons
  for i = 1, #reasons do same = same and got[i] == reasons[i] end
  t:require(same, "SUBACK granting the QoS asked for", "§3.8.4",
    ("reasons {%s}, asked for {%s}"):format(table.concat(got, ", "), table.concat(reasons, ", ")))
  return ack
end

return M
