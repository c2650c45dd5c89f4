scenario {
  id = "3.1/connect/prop-unknown-id",
  title = "5.0: an undefined property identifier (0x7F) in CONNECT is malformed",
  description = [[Identifier 0x7F is not defined; a receiver cannot know its length, so the packet is malformed
(2.2.2.2). The server must close.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.4-1", "MQTT-4.13.1-1", "§2.2.2.2"}},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local connect = use("connect")
  local c = t:open("c1")
  c:send_bytes(connect.raw(t, 0x02, nil, mqtt.u8(0x7F) .. mqtt.u8(1)))
  -- a CONNACK refusing with 0x81/0x82 may come first (4.13); the close is required
  verify.connect_refused(t, c)
end
