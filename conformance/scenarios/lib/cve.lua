-- Helpers for the known-broker-bug family (conformance/scenarios/cve/).
-- Load with: local cve = use("cve")
--
-- Every case of the family asks the same three questions: does the broker
-- survive the trigger, does it stay responsive (a fresh CONNECT is answered,
-- a session opened before the trigger still gets its messages), and did it
-- answer the trigger as the spec requires. The first two live here so that
-- each scenario file only spells out its trigger and the answer it expects.
local M = {}

local function connack_stmt(t)
  -- the server MUST answer an acceptable CONNECT with CONNACK 0 (3.1.4)
  return t.v5 and "MQTT-3.1.4-5" or "MQTT-3.1.4-4"
end

-- A session opened before the trigger: subscribed at QoS 1 to its own topic.
-- Returns the connection; pass it to M.alive.
function M.keeper(t)
  local k = t:connect("kp")
  k:send{type = "SUBSCRIBE", id = 1, filter = t:topic("cve-keeper"), qos = 1}
  t:subscribed(k, {type = "SUBACK", id = 1, reasons = {1}})
  return k
end

-- After the trigger: a fresh connection must get CONNACK 0, and a QoS 1
-- message it publishes on the keeper's topic must reach the keeper, whose
-- session must be intact (MQTT-4.1.0-1, MQTT-4.5.0-1). `round` tells apart
-- several checks in one case. Every failure is a finding (the scenario's
-- level), with the reason in the evidence; a broker that died is reported
-- as "no TCP connection" or "connection closed".
function M.alive(t, keeper, round)
  local tag = "alive-" .. tostring(round or 1)
  -- a bare TCP probe first: a broker that died is a FAIL of this case, with
  -- the reason, rather than the ERROR a failed t:connect would give
  local probe, why = t:try_open("tcp" .. tostring(round or 1))
  if not probe then
    t:fail{expected = "the broker accepts a fresh TCP connection after the trigger",
      observed = "TCP connect failed: " .. tostring(why), stmt = connack_stmt(t)}
  end
  probe:close()
  -- t:connect carries the run's --username/--password; a refusing CONNACK
  -- ends the case with its evidence
  local f = t:connect("fr" .. tostring(round or 1), {}, {within = 5})
  if keeper then
    f:send{type = "PUBLISH", topic = t:topic("cve-keeper"), payload = tag, qos = 1, id = 1}
    f:expect({type = "PUBACK", id = 1}, {within = 5})
    local m, mwhy = keeper:recv{within = 5}
    if not m or m.type ~= "PUBLISH" or m.payload ~= tag then
      t:fail{expected = "the session opened before the trigger still receives a QoS 1 message on its subscription",
        observed = m and string.format("%s %s", m.type, tostring(m.payload)) or ("nothing: " .. tostring(mwhy)),
        stmt = {"MQTT-4.1.0-1", "MQTT-4.5.0-1"}}
    end
    keeper:send{type = "PUBACK", id = m.id}
  end
  f:send{type = "DISCONNECT"}
  f:close()
end

-- "The broker must close": bytes, then (in the same write) a PINGREQ unless
-- no_ping. A PINGRESP proves the broker read past the bad packet. A 5.0
-- DISCONNECT before the close must carry a reason >= 0x80 (MQTT-4.13.2-1).
-- Returns expect_closed's result.
function M.closes(t, c, bytes, opts)
  opts = opts or {}
  c:send_bytes(bytes .. (opts.no_ping and "" or mqtt.hex("c0 00")))
  local r = c:expect_closed{within = opts.within or 2, level = opts.level, stmt = opts.stmt}
  if r.disconnect then
    t:check(r.disconnect.reason >= 0x80, "DISCONNECT reason >= 0x80",
      string.format("0x%02x", r.disconnect.reason))
  end
  return r
end

-- Refusal of a CONNECT: a CONNACK with a refusing code (3.x: non-zero; 5.0:
-- >= 0x80) followed by the close, or a bare close. Returns the CONNACK or nil.
-- A hand-built CONNECT cannot carry the run's --username/--password: a refusal
-- for credentials (3.x 4/5, 5.0 0x86/0x87) says nothing about the trigger, so
-- the case is SKIPPED with that reason instead of passing on it.
function M.connect_refused(t, c, within)
  local refusing = function(v) return v ~= nil and (t.v5 and v >= 0x80 or (not t.v5 and v ~= 0)) end
  local i, p = c:expect_one_of({{type = "CONNACK", reason = refusing}, {closed = true}}, {within = within or 2})
  if i == 1 then
    local auth = t.v5 and (p.reason == 0x86 or p.reason == 0x87) or (not t.v5 and (p.reason == 4 or p.reason == 5))
    if auth then
      t:skip(string.format("CONNACK 0x%02x: refused for credentials, which a hand-built CONNECT cannot carry", p.reason))
    end
    c:expect_closed{within = 2}
  end
  return p
end

-- Answers that refuse a SUBSCRIBE: SUBACK with every code >= 0x80, a 5.0
-- DISCONNECT >= 0x80, or a close. Returns the index of the alternative.
function M.subscribe_refused(t, c, id, within)
  local i = c:expect_one_of({
    {type = "SUBACK", id = id, reasons = function(v)
      if v == nil or #v == 0 then return false end
      for _, r in ipairs(v) do if r < 0x80 then return false end end
      return true
    end},
    {type = "DISCONNECT", reason = function(v) return v ~= nil and v >= 0x80 end},
    {closed = true}}, {within = within or 2})
  if i == 2 then c:expect_closed{within = 2} end
  return i
end

-- A CONNECT built by hand (for triggers that need bytes the encoder refuses).
-- fields: level (4 or 5), flags, keepalive, props (raw bytes, 5.0), payload (raw bytes).
function M.raw_connect(f)
  local vh = mqtt.str("MQTT") .. mqtt.u8(f.level) .. mqtt.u8(f.flags or 0x02) .. mqtt.u16(f.keepalive or 60)
  if f.level == 5 then vh = vh .. mqtt.vbi(#(f.props or "")) .. (f.props or "") end
  return mqtt.packet(0x10, vh .. f.payload)
end

return M
