scenario {
  id = "3.1/connect/prop-will-delay-in-connect",
  title = "5.0: a Will-only property (Will Delay Interval) in the CONNECT properties is malformed",
  description = [[Will Delay Interval belongs to the Will Properties, not to the CONNECT properties. A property not
allowed on the packet makes it malformed (2.2.2.2); the server must close.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.4-1", "MQTT-4.13.1-1", "§2.2.2.2"}},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local connect = use("connect")
  local c = t:open("c1")
  c:send_bytes(connect.raw(t, 0x02, nil, mqtt.u8(0x18) .. mqtt.u32(5)))
  -- a CONNACK refusing with 0x81/0x82 may come first (4.13); the close is required
  verify.connect_refused(t, c)
end
