-- Shared steps of the client-mode scenarios (role = "client").
-- Load with: local cl = use("client")
--
-- The scenario plays the server. These helpers do the handshakes every case needs
-- (connect + CONNACK + connected, subscribe + SUBACK + subscribed), read what the
-- client sends while answering its PINGREQs, and check the "client closes on bad
-- input" outcome the same way everywhere.
local M = {}

-- True when the driver's hello lists `feature` as something it cannot express.
-- Features a driver must claim in hello.features (PROTOCOL.md); every other
-- name is a field or ability it has unless hello.unsupported lists it.
local claimed = {["connect.resume"] = true}
function M.lacks(t, feature)
  if claimed[feature] then
    for _, f in ipairs(t.client.hello.features or {}) do
      if f == feature then return false end
    end
    return true
  end
  for _, u in ipairs(t.client.hello.unsupported or {}) do
    if u == feature then return true end
  end
  return false
end

-- A Keep Alive the driver can send: libmosquitto refuses 1..4 s
-- (hello.unsupported "connect.keepalive_under_5"), so such drivers get 5 s.
-- Scenarios size their waits and case timeouts for the larger value.
function M.keepalive(t, want)
  if want > 0 and want < 5 and M.lacks(t, "connect.keepalive_under_5") then return 5 end
  return want
end

-- Connects through the driver and accepts the connection.
-- opts: the driver's connect fields (clean, keepalive, will, props, ...), plus
--   name    - connection name in the wire log (default "c1")
--   connack - {session_present=, reason=, props=} for the CONNACK we answer with
--   within  - how long to wait for the TCP connection
-- Returns c (server-role connection), the decoded CONNECT, the `connected` event.
function M.connect(t, opts)
  opts = opts or {}
  local d = t.client
  local args = {}
  for k, v in pairs(opts) do
    if k ~= "name" and k ~= "connack" and k ~= "within" then args[k] = v end
  end
  local id = d:connect(args)
  local ca = opts.connack or {}
  local c, connect = t:accept_connect(opts.name or "c1",
    {session_present = ca.session_present, reason = ca.reason, props = ca.props, within = opts.within})
  -- `error` events of commands that a previous connection's loss discarded may
  -- still be queued: pass over them.
  local ev = d:expect({event = "connected", id = id}, {skip = {"error"}})
  local ack = d:ack(id)
  t:check(ack.ok, "connect acknowledged ok after an accepting CONNACK",
    "ack ok=false: " .. tostring(ack.error))
  return c, connect, ev
end

-- Starts a connect and only accepts the TCP connection and reads the CONNECT;
-- the caller answers. Returns c, the decoded CONNECT, the connect command id.
function M.start(t, opts)
  opts = opts or {}
  local args = {}
  for k, v in pairs(opts) do
    if k ~= "name" and k ~= "within" then args[k] = v end
  end
  local id = t.client:connect(args)
  local c = t:accept(opts.name or "c1", {within = opts.within})
  local connect = c:expect{type = "CONNECT"}
  return c, connect, id
end

-- Subscribes through the driver and answers the SUBSCRIBE with `granted`
-- (default: the requested QoS). Returns the decoded SUBSCRIBE.
function M.subscribe(t, c, filter, qos, granted)
  local d = t.client
  local id = d:subscribe{filter = filter, qos = qos}
  local s = c:expect({type = "SUBSCRIBE"}, {skip = {"PINGREQ"}})
  c:send{type = "SUBACK", id = s.id, reasons = {granted or qos}}
  d:expect{event = "subscribed", id = id}
  d:ack(id)
  return s
end

-- Next packet from the client other than PINGREQ (each PINGREQ gets a PINGRESP).
-- Returns the packet, or nil and why ("timeout", "closed", "reset", "malformed").
-- `within` bounds the whole wait, not each packet.
function M.next(t, c, within)
  local left = within or 2
  while left > 0 do
    local p, why = c:recv{within = left}
    if not p then return nil, why end
    if p.type ~= "PINGREQ" then return p end
    c:send{type = "PINGRESP"}
    -- no wall clock in the sandbox: charge a PINGREQ a tenth of a second
    left = left - 0.1
  end
  return nil, "timeout"
end

-- Reads everything the client sends for `seconds` (answering PINGREQs) and
-- returns the list of packets, and why the reading stopped ("timeout" normally).
function M.drain(t, c, seconds)
  local got = {}
  local p, why
  repeat
    p, why = c:recv{within = seconds}
    if p then
      if p.type == "PINGREQ" then c:send{type = "PINGRESP"} else got[#got + 1] = p end
    end
  until not p
  return got, why
end

-- Level for "the client closes after a malformed packet / protocol error":
-- 3.1.1 makes it a MUST [MQTT-4.8.0-1]; 5.0 section 4.13.1 says the client SHOULD close.
function M.close_level(t)
  return t.v5 and "SHOULD" or "MUST"
end

-- The client must close the connection after bad input from the server, and the
-- driver must then report the loss (a `connection_lost` event; for a connect that
-- is still waiting, its failed ack). opts: within (default 3), stmt, connect_id
-- (the pending connect command), level (default close_level).
function M.expect_client_closes(t, c, opts)
  opts = opts or {}
  local d = t.client
  local lvl = opts.level or M.close_level(t)
  local r = c:expect_closed{within = opts.within or 3, level = lvl, stmt = opts.stmt,
    expected = "the client closes the connection (a v5 DISCONNECT with a reason >= 0x80 first is allowed)"}
  if r.disconnect then
    t:log(string.format("client sent DISCONNECT reason 0x%02x before closing", r.disconnect.reason or 0))
  end
  if opts.connect_id then
    local ack = d:ack(opts.connect_id, {within = 3})
    t:check(not ack.ok, "the connect fails (ack ok=false)", "the connect was acknowledged ok")
  else
    d:expect({event = "connection_lost"}, {within = 3, skip = {"error", "published", "subscribed"},
      level = lvl, expected = "a connection_lost event from the driver"})
  end
  -- 5.0 section 4.13.1: the DISCONNECT sent on a malformed packet or protocol error
  -- SHOULD carry that error's reason code. 0x00 would also tell the server to drop
  -- the Will, as after a deliberate disconnect.
  if t.v5 and r.disconnect and (r.disconnect.reason or 0) < 0x80 then
    t:nonstrict{expected = "a DISCONNECT sent on bad input carries an error reason code (0x80 or more)",
      observed = string.format("DISCONNECT reason 0x%02x before the close", r.disconnect.reason or 0),
      stmt = "§4.13.1"}
  end
  return r
end

-- Connects (3.1.1 or 5.0), sends `bytes` after the CONNACK and expects the client
-- to close. `opts.subscribe` = filter to subscribe to first (QoS 1).
function M.hostile_after_connect(t, bytes, opts)
  opts = opts or {}
  local c = M.connect(t, {clean = true})
  if opts.subscribe then M.subscribe(t, c, opts.subscribe, 1) end
  c:send_bytes(bytes)
  local r = M.expect_client_closes(t, c, opts)
  if opts.no_message then
    t.client:expect_none({event = "message"}, 0.5)
  end
  return r
end

-- Session-resume cases: connects with CleanSession / Clean Start 0 (and a v5
-- Session Expiry Interval so the session outlives the connection). `resume = true`
-- asks the driver to reconnect the library's existing client (keeping its session
-- state) instead of creating a new one; scenarios using it declare
-- needs = {"connect.resume"}. opts as for M.connect.
function M.connect_persistent(t, opts)
  opts = opts or {}
  opts.clean = false
  if t.v5 then opts.props = opts.props or {session_expiry_interval = 300} end
  return M.connect(t, opts)
end

-- Drops the connection from the server side and waits for the driver to report it.
function M.drop(t, c)
  c:close()
  t.client:expect({event = "connection_lost"}, {within = 3, skip = {"error", "published"}})
end

-- For unexpected-but-harmless input (an ack for an unknown id ...): connects,
-- sends `bytes`, then accepts either a close (reported as connection_lost) or a
-- client that carries on; in the latter case a QoS 1 publish must still complete.
-- opts.allow = set of packet types the client may answer with (e.g. {PUBREL=true}).
function M.survive_then_publish(t, bytes, opts)
  opts = opts or {}
  local d = t.client
  local c = M.connect(t, {clean = true})
  c:send_bytes(bytes)
  local p, why = c:recv{within = 1}
  while p do
    if p.type == "PINGREQ" then
      c:send{type = "PINGRESP"}
    elseif not (opts.allow and opts.allow[p.type]) then
      t:fail{expected = "the client ignores the packet, answers as allowed, or closes",
        observed = p.type .. " from the client"}
    else
      t:log("client answered with " .. p.type)
    end
    p, why = c:recv{within = 1}
  end
  if why ~= "timeout" then
    t:log("the client closed the connection (" .. tostring(why) .. ")")
    d:expect({event = "connection_lost"}, {within = 3, skip = {"error"}})
    return
  end
  local id = d:publish{topic = "mqc/h/after", payload = "still", qos = 1}
  local q = c:expect({type = "PUBLISH", payload = "still"}, {skip = {"PINGREQ"},
    expected = "the client still publishes after ignoring the packet"})
  c:send{type = "PUBACK", id = q.id}
  d:expect({event = "published", id = id}, {skip = {"error"}})
end

-- Raw server PUBLISH: first byte `fb` (0x30 | flags), topic given as raw bytes
-- (length-prefixed here, so it may be ill-formed UTF-8), optional packet id, an
-- empty v5 property block when 5.0, then the payload.
function M.publish_bytes(t, fb, topic_bytes, payload, id)
  local body = mqtt.str(topic_bytes) .. (id and mqtt.u16(id) or "") .. (t.v5 and "\0" or "") .. (payload or "")
  return mqtt.packet(fb, body)
end

-- Empty v5 property block, or nothing for 3.1.1.
function M.noprops(t)
  return t.v5 and "\0" or ""
end

return M
