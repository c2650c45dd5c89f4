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

return M
