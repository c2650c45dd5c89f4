scenario {
  id = "3.2/connack/no-auth-without-method",
  title = "5.0: without an Authentication Method in CONNECT the server sends no AUTH and no method",
  description = [[The CONNECT carries no Authentication Method. The server must then send no AUTH
packet and no Authentication Method property (4.12.0-6): the CONNACK has none, and the server
answers a PINGREQ with PINGRESP without any AUTH before it.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.12.0-6"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c")
  local p = c.connack.props or {}
  t:check(p.authentication_method == nil and p.authentication_data == nil,
    "no Authentication Method / Data in CONNACK", "CONNACK carries " .. tostring(p.authentication_method))
  -- no AUTH follows: a bounded silence window (nothing orders an AUTH against a
  -- PINGRESP, a response of another type)
  local verify = use("verify")
  verify.none_within(t, c, verify.WINDOW, function(p) return p.type == "AUTH" end, "AUTH packet")
end
