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
    return self:_connect(name, pkt, opts)
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
