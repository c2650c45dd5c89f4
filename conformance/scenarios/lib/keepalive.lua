-- Keep-alive cases that do not depend on the phase of a broker's timer.
-- Load with: local keepalive = use("keepalive")
--
-- A broker may check keep-alive for all clients at once, every few seconds
-- (mosquitto 2.0 does), so one silent connection samples one phase of that
-- sweep and its close delay is luck. Here several connections are opened at
-- staggered offsets inside one case: whatever the phase, one of them starts
-- just after a sweep and sees the worst delay, and every delay is measured and
-- logged as evidence.
--
-- The API has no clock, so time is counted in the scaled steps of t:sleep
-- (script seconds) and the windows of the polls that timed out: a delay is
-- bracketed by the two polls around the event.
-- The count can only fall behind the real time (a sleep may overrun, never
-- under-run), so "closed later than X" is sound; "closed earlier than X" is
-- kept far below the Keep Alive (see EARLY) so that neither a --time-scale
-- nor a loaded machine can make it false.
local M = {}

local STEP = 0.1
-- recv's smallest wait: a zero window returns without reading the socket.
local POLL = 0.0001

-- Grace on top of 1.5 x Keep Alive for the broker's own timer granularity and
-- the network: a broker that counts whole seconds and checks once a second is
-- still inside it.
M.SLACK = 1.0

-- A close sooner than EARLY x Keep Alive after the client's last packet is
-- early. The client is permitted up to Keep Alive between packets (§3.1.2.10),
-- so the spec-derived lower bound is 1 x Keep Alive; a quarter of it keeps the
-- check sound up to --time-scale 4, since script time is scaled and the
-- Keep Alive on the wire is not.
M.EARLY = 0.25

-- Runs o.n connections opened o.gap script seconds apart, all watched at once
-- until each has closed or is o.horizon seconds old.
--   o.open(i)            opens connection i, returns it (its packets before
--                        this are its own business)
--   o.tick(i, r, age)    optional; called every step for an open connection
--                        (r.c is the connection) and may send on it
--   o.packet(i, r, p)    optional; a packet that arrived on an open connection;
--                        without it any packet but DISCONNECT is a failure
--   o.each(clock)        optional; called every step (e.g. to poll another
--                        connection)
--   (o.each polls with recv{within = keepalive.POLL} and returns whether it
--   still waits for something)
-- Returns the rows {c, opened, lo, hi, why, disconnect}: lo < close delay <= hi
-- (script seconds after opened), nil when still open at the horizon.
function M.watch(t, o)
  local rows, clock = {}, 0
  while true do
    while #rows < o.n and clock >= #rows * o.gap do
      local i = #rows + 1
      rows[i] = {opened = clock, horizon = o.horizon}
      rows[i].c = o.open(i)
    end
    local busy = #rows < o.n
    for i, r in ipairs(rows) do
      if not r.done then
        local age = clock - r.opened
        while true do
          local p, why = r.c:recv{within = POLL}
          if p == nil then
            if why == "timeout" then clock = clock + POLL end
            if why ~= "timeout" then
              r.done, r.why = true, why
              r.lo, r.hi = math.max(0, age - STEP), age
            end
            break
          elseif p.type == "DISCONNECT" then
            r.disconnect = p
          elseif o.packet then
            o.packet(i, r, p)
          else
            t:fail{expected = "no packet from the broker while the client is silent",
              observed = r.c.name .. " received " .. tostring(p.type)}
          end
        end
        if not r.done and age >= o.horizon then r.done = true end
        if not r.done then
          busy = true
          if o.tick then o.tick(i, r, age) end
        end
      end
    end
    if o.each then busy = o.each(clock) or busy end
    if not busy then return rows end
    t:sleep(STEP)
    clock = clock + STEP
  end
end

-- One line of evidence per connection.
function M.describe(r)
  if r.hi then
    return string.format("%s: opened at %.2fs, closed (%s) %.2f-%.2fs after%s", r.c.name, r.opened,
      r.why, r.lo, r.hi, r.disconnect and string.format(" DISCONNECT 0x%02x", r.disconnect.reason or 0) or "")
  end
  return string.format("%s: opened at %.2fs, still open after %.2fs", r.c.name, r.opened,
    r.horizon or 0)
end

-- The verdict on rows of connections that went silent right after their
-- CONNACK (or after bytes that are not a complete packet) with keep-alive ka
-- seconds: each must be closed by 1.5 x ka + SLACK (stmt, the server's MUST),
-- and none sooner than EARLY x ka (NON-STRICT: only the note of §3.1.2.10 that
-- a server may drop a client at any time allows it). A 5.0 DISCONNECT before
-- the close must carry 0x8D (Keep Alive timeout) or at least a failure code.
function M.judge_closes(t, rows, ka, stmt, what)
  local late, early, lines = {}, {}, {}
  local limit = 1.5 * ka + M.SLACK
  for _, r in ipairs(rows) do
    lines[#lines + 1] = M.describe(r)
    t:log(lines[#lines])
    if not r.hi or r.lo > limit then late[#late + 1] = r.c.name end
    if r.hi and r.hi < M.EARLY * ka then early[#early + 1] = r.c.name end
  end
  local evidence = table.concat(lines, "; ")
  if #late > 0 then
    t:fail{stmt = stmt, expected = string.format("every %s closed within 1.5 x Keep Alive %d s (+%.1f s grace) = %.1f s",
      what or "silent connection", ka, M.SLACK, limit), observed = evidence}
  end
  if #early > 0 then
    t:nonstrict{expected = string.format("no close before %.2f s (the client may stay silent for Keep Alive %d s)",
      M.EARLY * ka, ka), observed = evidence}
  end
  for _, r in ipairs(rows) do
    if r.disconnect then
      t:check(use("verify").FAILURE(r.disconnect.reason),
        "a DISCONNECT before the close carries a failure reason (0x8D Keep Alive timeout)", evidence)
    end
  end
  return evidence
end

-- The Keep Alive the server enforces on a 5.0 connection: its Server Keep
-- Alive when the CONNACK has one (MQTT-3.2.2-21), else the client's.
function M.enforced(c, asked)
  local p = c.connack and c.connack.props
  return (p and p.server_keep_alive) or asked
end

M.POLL = POLL

return M
