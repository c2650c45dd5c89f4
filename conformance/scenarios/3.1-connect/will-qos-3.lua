scenario {
  id = "3.1/connect/will-qos-3",
  title = "Will QoS 3 is rejected",
  description = [[Connect Flags 0x1E: Will Flag 1 with both Will QoS bits set (QoS 3), with a complete will topic
and message. QoS 3 does not exist (5.0 calls it a Malformed Packet); the server must close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-14", "MQTT-3.1.4-1"}, ["5.0"] = {"MQTT-3.1.2-12", "MQTT-3.1.4-1"}},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local connect = use("connect")
  local c = t:open("c1")
  local cid = mqtt.str(t:client_id("c1"))
  c:send_bytes(connect.raw(t, 0x1E, cid .. (t.v5 and "\0" or "") .. mqtt.str(t:topic("will")) .. mqtt.str("w")))
  verify.connect_refused(t, c)
end
