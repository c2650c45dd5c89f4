scenario {
  id = "3.1/connect/will-qos-without-will-flag",
  title = "Will QoS set while the Will Flag is 0 is rejected",
  description = [[Connect Flags 0x0A: Will Flag 0 but Will QoS 1. With no will, Will QoS must be 0; the CONNECT
is invalid and the server must close the connection.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-13", "MQTT-3.1.2-11", "MQTT-3.1.4-1"}, ["5.0"] = {"MQTT-3.1.2-11", "MQTT-3.1.4-1"}},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local connect = use("connect")
  local c = t:open("c1")
  local cid = mqtt.str(t:client_id("c1"))
  c:send_bytes(connect.raw(t, 0x0A, cid))
  verify.connect_refused(t, c)
end
