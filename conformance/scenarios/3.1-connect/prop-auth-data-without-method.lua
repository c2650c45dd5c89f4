-- Finding (mosquitto 2.0.11): accepts the CONNECT (CONNACK 0x00) although 3.1.2.11.10 makes Authentication Data without a method a Protocol Error.
scenario {
  id = "3.1/connect/prop-auth-data-without-method",
  title = "5.0: Authentication Data without Authentication Method is a Protocol Error",
  description = [[Authentication Data may only be sent together with an Authentication Method (3.1.2.11.10). The
server must close.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.4-1", "MQTT-4.13.1-1", "§3.1.2.11.10"}},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local connect = use("connect")
  local c = t:open("c1")
  c:send_bytes(connect.raw(t, 0x02, nil, mqtt.u8(0x16) .. mqtt.str("abc")))
  -- a CONNACK refusing with 0x81/0x82 may come first (4.13); the close is required
  verify.connect_refused(t, c)
end
