-- Proof that a client's session has ended, for cases that go on to publish something only
-- the remaining clients may get. A client's DISCONNECT is read before anything else it
-- sends, but nothing orders it against other clients' packets, and a server only SHOULD
-- close the connection afterwards (5.0 §3.14.4), so waiting for the close proves nothing.
-- Load with: local session_end = use("session_end")
local M = {}

-- Sends DISCONNECT (props as given) on c and waits, at most 1 s, for the
-- broker to close c: a server SHOULD close after DISCONNECT (5.0 §3.14.4), and
-- once it has, it has read the DISCONNECT. Without that, the probe's CONNECT on
-- another connection could reach the broker first, take the session over and
-- see it present: an order across connections the spec does not promise. A
-- broker that keeps c open gets the 1 s instead. Then c is closed.
function M.disconnect(t, c, props)
  c:send{type = "DISCONNECT", props = props}
  local waited = 0
  while waited < 1 and c:is_open() do
    local p, why = c:recv{within = 0.05}
    if not p and why == "timeout" then waited = waited + 0.05 end
  end
  c:close()
end

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
