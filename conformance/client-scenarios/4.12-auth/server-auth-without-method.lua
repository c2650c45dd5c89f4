scenario {
  id = "4.12/auth/server-auth-without-method",
  title = "5.0: an AUTH from a server the client asked for no authentication method: no AUTH back, close",
  description = [[The client connects without an Authentication Method; after the CONNACK the
server sends AUTH 0x18 (Continue authentication) with a method. A server must send no AUTH in that
case (4.12.0-6), so it is a protocol error the client should close on (§4.13.1); and a client that
sent no Authentication Method must never send an AUTH (4.12.0-7), not even to answer this one.]],
  role = "client",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.12.0-6", "MQTT-4.12.0-7", "§4.13.1"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c, connect = cl.connect(t, {clean = true})
  t:check((connect.props or {}).authentication_method == nil, "a CONNECT without Authentication Method",
    "the driver sent Authentication Method " .. tostring((connect.props or {}).authentication_method))
  c:send_unchecked{type = "AUTH", reason = 0x18, props = {authentication_method = "SCRAM-SHA-1"}}
  while true do
    local p, why = c:recv{within = 3}
    if not p then
      if why ~= "closed" and why ~= "reset" then
        t:nonstrict{expected = "the client closes the connection on the protocol error (SHOULD, §4.13.1)",
          observed = "connection still open after 3 s (" .. tostring(why) .. "), no AUTH sent"}
      end
      break
    end
    if p.type == "AUTH" then
      t:fail{expected = "no AUTH from a client that sent no Authentication Method",
        observed = string.format("AUTH reason 0x%02x", p.reason or 0), stmt = "MQTT-4.12.0-7"}
    elseif p.type == "PINGREQ" then
      c:send{type = "PINGRESP"}
    elseif p.type == "DISCONNECT" then
      t:log(string.format("client sent DISCONNECT reason 0x%02x", p.reason or 0))
    end
  end
end
