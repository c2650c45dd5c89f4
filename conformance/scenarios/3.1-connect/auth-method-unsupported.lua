scenario {
  id = "3.1/connect/auth-method-unsupported",
  title = "5.0: an unknown Authentication Method is refused (CONNACK 0x8C/0x87 or close)",
  description = [[CONNECT names the Authentication Method "mqc-no-such-method". A server that does
not support it may send CONNACK 0x8C (Bad authentication method) or 0x87 (Not authorized) and must
close; it must not send AUTH or accept the connection with a method it did not agree to.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.12.0-1"}},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local c = t:open("c1")
  c:send{type = "CONNECT", client_id = t:client_id("c1"), clean = true, keepalive = 30,
    props = {authentication_method = "mqc-no-such-method"}}
  verify.connect_refused(t, c)
end
