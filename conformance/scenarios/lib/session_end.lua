-- Proof that a client's session has ended, for cases that go on to publish something only
-- the remaining clients may get. A client's DISCONNECT is read before anything else it
-- sends, but nothing orders it against other clients' packets, and a server only SHOULD
-- close the connection afterwards (5.0 §3.14.4), so waiting for the close proves nothing.
-- Load with: local session_end = use("session_end")
local M = {}

-- Connects with client_id and Clean Start / Clean Session 0: Session Present 0 shows the
-- old session is gone (and its connection taken over if it was still open). The probe
-- then disconnects, ending the session it created (Session Expiry Interval 0).
function M.check(t, client_id, what)
  local probe = t:connect("ended-" .. client_id, {client_id = client_id, clean = false})
  t:check(probe.connack.session_present == false, (what or "the session") .. " has ended (Session Present 0)",
    "Session Present 1: " .. (what or "the session") .. " still exists")
  probe:send{type = "DISCONNECT"}
  probe:close()
end

return M
