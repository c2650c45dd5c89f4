-- The composition half of the scenario API (conformance/API.md,
-- CLIENT-API.md): what is built from the C primitives lives here, in Lua,
-- compiled into the runner (conformance/cmake/embed_lua.cmake); C keeps the
-- sockets, encode/decode, the matcher and the CONNACK judgement.
-- Called once per case with the context t, the methods of connection objects
-- and the engine's constants.
local t, conn, const = ...

-- Options (how long to wait, what to skip, how to grade) come in an options
-- table of their own, never mixed into a packet or its pattern.
local option_keys = {within = true, skip = true, level = true, stmt = true, expected = true}
local function no_options(tbl, what)
  for k in pairs(tbl) do
    if option_keys[k] then
      error(("%s: '%s' is an option, give it in the options table"):format(what, k), 3)
    end
  end
end

-- ------------------------------------------------------------ preconditions

-- t:require(cond, what, stmt, observed): a step the case depends on but does
-- not test (README "Grading"). cond is a function, run inside the
-- precondition scope: a check inside it that does not hold, a timeout or a
-- refused setup ends the case ERROR "precondition failed: <what> (<stmt>)"
-- instead of failing the statements under test; its results are returned.
-- Or cond is a value: false/nil ends the case the same way (observed says what
-- was seen), anything else is returned.
function t:require(cond, what, stmt, observed)
  if type(what) ~= "string" then error("t:require: what the precondition is (a string) expected", 2) end
  if type(cond) == "function" then
    local pw, ps = self:_precondition(what, stmt)
    local r = table.pack(pcall(cond))
    self:_precondition(pw, ps)
    if not r[1] then error(r[2], 0) end
    return table.unpack(r, 2, r.n)
  end
  if cond then return cond end
  local pw, ps = self:_precondition(what, stmt)
  self:check(false, what, observed or "it did not hold")
  self:_precondition(pw, ps) -- not reached: check ended the case
end

-- ------------------------------------------------------------ connections

-- bytes written as hex ("10 0c 00 04 ...")
function conn:send_hex(hex)
  return self:send_bytes(mqtt.hex(hex))
end

-- several packets (tables, encoded as c:send would) or byte strings in one write
function conn:send_many(list)
  if type(list) ~= "table" then error("send_many: a list of packet tables or byte strings expected", 2) end
  local parts = {}
  for i, p in ipairs(list) do
    if type(p) == "string" then
      parts[i] = p
    elseif type(p) == "table" then
      local b, why = self:encode(p)
      if not b then error(("send_many[%d]: %s"):format(i, why), 2) end
      parts[i] = b
    else
      error(("send_many[%d]: packet table or byte string expected"):format(i), 2)
    end
  end
  return self:send_bytes(table.concat(parts))
end

-- ------------------------------------------------------------ broker mode

if t._connect then
  -- t:connect([name], [connect fields], [options]): a CONNECT with the case's
  -- defaults for what the fields leave out, and the CONNACK judged in C.
  function t:connect(name, fields, opts)
    if type(name) == "table" then name, fields, opts = nil, name, fields end
    local pkt = {}
    for k, v in pairs(fields or {}) do pkt[k] = v end
    no_options(pkt, "t:connect")
    name = name or self:_next_name()
    pkt.type = "CONNECT"
    if pkt.client_id == nil then pkt.client_id = self:client_id(name) end
    -- --username/--password, unless the scenario chose credentials itself
    -- (username = false asks for none)
    local user, pass = self:_credentials()
    if pkt.username == nil and pkt.password == nil and user then
      pkt.username, pkt.password = user, pass
    end
    if pkt.username == false then pkt.username = nil end
    -- the CONNACK is the case's setup, not what it tests: no answer blocks the
    -- case (3.1.1 MQTT-3.1.4-4 / 5.0 MQTT-3.1.4-5: an accepted CONNECT is
    -- answered with code 0); so does a refusal, cited by its code's section
    -- (t:_connect)
    return self:require(function() return self:_connect(name, pkt, opts) end,
      "CONNACK accepting the connection", self.v5 and "MQTT-3.1.4-5" or "MQTT-3.1.4-4")
  end

  -- t:subscribed(c, suback[, opts]): expects the SUBACK pattern on c where the
  -- subscription is the case's setup. No SUBACK (MQTT-3.8.4-1) blocks the
  -- case; so does one granting less than asked (a list of codes in
  -- suback.reasons): a server may grant a lower QoS or refuse (§3.8.4), and
  -- the case cannot test its statement on a subscription it did not get.
  -- Cases about the SUBACK itself keep c:expect.
  function t:subscribed(c, suback, opts)
    local want, pat = nil, {}
    for k, v in pairs(suback) do pat[k] = v end
    if type(pat.reasons) == "table" then want, pat.reasons = pat.reasons, nil end
    local p = self:require(function() return c:expect(pat, opts) end,
      "SUBACK answering the SUBSCRIBE", "MQTT-3.8.4-1")
    if want then
      local got, same = p.reasons or {}, #(p.reasons or {}) == #want
      for i = 1, #want do same = same and got[i] == want[i] end
      self:require(same, "SUBACK granting the QoS asked for", "§3.8.4",
        ("reasons {%s}, asked for {%s}"):format(table.concat(got, ", "), table.concat(want, ", ")))
    end
    return p
  end

  -- t:barrier(c[, opts]): a PINGREQ round trip on c, so that everything c sent
  -- before it has been read by the broker (it reads a connection in order).
  -- A PINGRESP later than opts.within (default 2 s) is the broker failing
  -- MQTT-3.12.4-1, which blocks the case; it is no finding against the
  -- statements under test. opts.skip passes over other packet types. Use it
  -- only to order the broker's reading of c; "nothing arrived" is proved by a
  -- marker on the same topic or a bounded silence window (verify.none_within).
  function t:barrier(c, opts)
    opts = opts or {}
    local within = opts.within or 2
    return self:require(function()
      c:send{type = "PINGREQ"}
      return c:expect({type = "PINGRESP"}, {within = within, skip = opts.skip,
        expected = "PINGRESP (barrier: the broker has read what " .. c.name .. " sent)"})
    end, "PINGRESP within " .. within .. " s", "MQTT-3.12.4-1")
  end
end

-- ------------------------------------------------------------ client mode

if t.client then
  local client = t.client

  -- t:accept_connect([name], [opts]): the client's connection, its CONNECT,
  -- and a CONNACK with opts.session_present, opts.reason, opts.props.
  function t:accept_connect(name, opts)
    if type(name) == "table" then name, opts = nil, name end
    opts = opts or {}
    local c = self:accept(name, opts)
    local within = type(opts.within) == "number" and opts.within or const.driver_within
    local connect = c:expect({type = "CONNECT"}, {within = within})
    c:send{type = "CONNACK", session_present = opts.session_present or false,
           reason = opts.reason == nil and 0 or opts.reason, props = opts.props}
    return c, connect
  end

  -- named commands: d:connect{...} is d:cmd{cmd = "connect", ...}
  function client:cmd(tbl)
    if type(tbl) ~= "table" then error("d:cmd: a command table expected", 2) end
    return self:_send(tbl)
  end
  for _, name in ipairs{"connect", "subscribe", "unsubscribe", "publish", "disconnect"} do
    client[name] = function(self, tbl)
      if tbl ~= nil and type(tbl) ~= "table" then error(("d:%s: a command table expected"):format(name), 2) end
      return self:_send(tbl, name)
    end
  end
  function client:wait(seconds)
    if type(seconds) ~= "number" then error("d:wait: a number of seconds expected", 2) end
    return self:_send({seconds = seconds}, "wait")
  end
end
