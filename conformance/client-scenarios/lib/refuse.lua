-- Client cases where the library must refuse what the application asks for (an invalid
-- filter, topic or property) rather than put it on the wire. A marker request made right
-- after bounds the wait: a library writes its packets in the order the application asked,
-- so a bad packet it did send arrives before the marker's. A bad packet the codec rejects
-- fails the case by itself (CLIENT-API.md); one it accepts is failed here.
-- Load with: local refuse = use("refuse")
local M = {}

-- The driver asks to subscribe with `sub` ({filter=, qos=, no_local=}); the library must
-- not send a SUBSCRIBE carrying that filter. c: the server-role connection.
function M.subscribe(t, c, sub, stmt)
  local d = t.client
  local id = d:subscribe{subs = {sub}, timeout = 2}
  local ack = d:ack(id, {within = 5})
  t:log("the library " .. (ack.ok and "accepted" or ("refused (" .. tostring(ack.error) .. ")")) .. " the subscribe")
  local mark = d:subscribe{filter = "mqc/refuse/marker", qos = 0}
  while true do
    local s = c:expect({type = "SUBSCRIBE"}, {skip = {"PINGREQ"}, expected = "the marker's SUBSCRIBE only"})
    for _, e in ipairs(s.subs or {}) do
      if e.filter == sub.filter then
        t:fail{expected = "the library refuses '" .. sub.filter .. "' and sends nothing",
          observed = "SUBSCRIBE with filter '" .. sub.filter .. "'", stmt = stmt}
      end
    end
    c:send{type = "SUBACK", id = s.id, reasons = {0}}
    if s.subs and s.subs[1] and s.subs[1].filter == "mqc/refuse/marker" then break end
  end
  d:expect({event = "subscribed", id = mark}, {skip = true})
end

-- The driver asks to publish `pub` (QoS 0); the library must not send a PUBLISH for it.
-- `bad(p)` says whether a received PUBLISH is the one that must not be sent.
function M.publish(t, c, pub, bad, stmt)
  local d = t.client
  local id = d:publish(pub)
  local ack = d:ack(id, {within = 5})
  t:log("the library " .. (ack.ok and "accepted" or ("refused (" .. tostring(ack.error) .. ")")) .. " the publish")
  d:publish{topic = "mqc/refuse/marker", payload = "marker", qos = 0}
  while true do
    local p = c:expect({type = "PUBLISH"}, {skip = {"PINGREQ"}, expected = "the marker's PUBLISH only"})
    if bad(p) then
      t:fail{expected = "the library refuses the publish and sends nothing",
        observed = "PUBLISH on a " .. #p.topic .. "-byte topic", stmt = stmt}
    end
    if p.topic == "mqc/refuse/marker" then break end
  end
end

return M
