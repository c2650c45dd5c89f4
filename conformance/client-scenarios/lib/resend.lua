-- Session-resume steps shared by the client cases that ack a client's PUBLISH wrongly
-- (an error code, or another packet id) and then check what the resumed session resends.
-- Needs the driver feature connect.resume. Load with: local resend = use("resend")
local M = {}

-- A packet id that is not `id` (1..65535).
function M.other(id) return id % 65535 + 1 end

-- After a stray or failing ack: reads what the client sends for `seconds` (answering
-- PINGREQs), then makes sure the connection is gone (the client may close on a stray ack:
-- it names no exchange) and the driver reported it. Returns the packets seen.
function M.settle_and_drop(t, c, seconds)
  local cl = use("client")
  local got, why = cl.drain(t, c, seconds or 1)
  if why == "timeout" then
    cl.drop(t, c)
  else
    t:log("the client closed the connection (" .. tostring(why) .. ")")
    t.client:expect({event = "connection_lost"}, {within = 3, skip = {"error", "published"}})
  end
  return got
end

-- Resumes the session (Session Present 1) on a new connection named c2.
function M.resume(t, cid)
  return use("client").connect_persistent(t, {client_id = cid, resume = true, name = "c2",
    connack = {session_present = true}})
end

return M
