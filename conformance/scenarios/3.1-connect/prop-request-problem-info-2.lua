scenario {
  id = "3.1/connect/prop-request-problem-info-2",
  title = "5.0: Request Problem Information 2 is a Protocol Error",
  description = [[Request Problem Information may only be 0 or 1 (3.1.2.11.7). Value 2 is a Protocol Error and the
server must close.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.4-1", "MQTT-4.13.1-1", "§3.1.2.11.7"}},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local connect = use("connect")
  local c = t:open("c1")
  c:send_bytes(connect.raw(t, 0x02, nil, mqtt.u8(0x17) .. mqtt.u8(2)))
  -- a CONNACK refusing with 0x81/0x82 may come first (4.13); the close is required
  verify.connect_refused(t, c)
end
