scenario {
  id = "6/websocket/subprotocol-not-offered",
  title = "Upgrade without the \"mqtt\" subprotocol: what the server does",
  description = [[A client must offer "mqtt" (MQTT-6.0.0-3), so a request without it, or with only
another name, breaks the client's duty and the spec does not say what the server does. We record the
server's choice for each: refuse the upgrade, accept with no subprotocol, or accept and then speak
MQTT. It is never a failure: RFC 6455 §4.2.2 lets a server proceed without a subprotocol. A server
that selects one that was not offered breaks RFC 6455 §4.1, which the transport reports as a failed
upgrade.]],
  versions = {"3.1.1", "5.0"},
  statements = {"§6"},
  level = "MAY",
  needs = {"websocket"},
}

local function try(t, name, offer)
  local c, why = t:try_open(name, {ws_protocol = offer})
  if not c then return ("offer %q: upgrade refused (%s)"):format(offer, why) end
  c:send{type = "CONNECT", client_id = t:client_id(name), clean = true, keepalive = 30}
  local r = c:recv{within = 2}
  local ans = r and r.type or "no packet"
  c:close()
  return ("offer %q: upgraded, subprotocol %s, CONNECT answered with %s"):format(
    offer, c.ws_protocol or "none", ans)
end

function run(t)
  local a = try(t, "none", "")
  local b = try(t, "other", "not-mqtt")
  t:info{expected = "any server behaviour (the request breaks the client's MQTT-6.0.0-3)",
    observed = a .. "; " .. b}
end
