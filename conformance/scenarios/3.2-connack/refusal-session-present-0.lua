scenario {
  id = "3.2/connack/refusal-session-present-0",
  title = "5.0: a refusing CONNACK has Session Present 0 even when a session exists, and the server closes",
  description = [[A persistent session is created for a Client Identifier. A second CONNECT with
that identifier and Clean Start 0 names an Authentication Method the server does not know, so the
server refuses it (CONNACK 0x8C or 0x87, 4.12.0-1) or just closes. A refusing CONNACK must have
Session Present 0 although a session exists (3.2.2-6), and after a CONNACK of 0x80 or above the
server must close the connection (3.2.2-7, 4.13.2-1).]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.2.2-6", "MQTT-3.2.2-7", "MQTT-4.13.2-1"}},
  level = "MUST",
}

function run(t)
  local id = t:client_id("c")
  local a = t:connect("a", {client_id = id, clean = false, props = {session_expiry_interval = 60}})
  a:send{type = "SUBSCRIBE", id = 1, filter = t:topic("keep"), qos = 1}
  t:subscribed(a, {type = "SUBACK", id = 1})
  a:send{type = "DISCONNECT"}
  a:close()
  local c = t:open("c")
  c:send{type = "CONNECT", client_id = id, clean = false, keepalive = 30,
         props = {authentication_method = "mqttcheck-unknown-method"}}
  local i, ack = c:expect_one_of({{type = "CONNACK"}, {closed = true}})
  if i == 2 then
    t:pass("closed without CONNACK")
  end
  if ack.reason < 0x80 then
    t:unsupported(string.format("the server accepted the unknown method (reason 0x%02x)", ack.reason))
  end
  t:check(ack.session_present == false, "Session Present 0 on a refusal", "Session Present 1 with reason " .. ack.reason)
  c:expect_closed()
  local b = t:connect("b", {client_id = id, clean = true})
  b:send{type = "DISCONNECT"}
end
