scenario {
  id = "3.10/unsubscribe/unsuback",
  title = "UNSUBSCRIBE is answered by UNSUBACK with the same Packet Identifier",
  description = [[Subscribe, then unsubscribe the same filter with id 0xCAFE. The server must answer
UNSUBACK 0xCAFE (v5: one reason code, 0x00 Success).]],
  versions = {"3.1", "3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.10.4-4", "MQTT-2.3.1-7"}, ["5.0"] = {"MQTT-3.10.4-4", "MQTT-3.10.4-5", "MQTT-2.2.1-6", "MQTT-3.11.3-2"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  c:send{type = "SUBSCRIBE", id = 1, filter = t:topic("u"), qos = 0}
  t:subscribed(c, {type = "SUBACK", id = 1})
  c:send{type = "UNSUBSCRIBE", id = 0xCAFE, filter = t:topic("u")}
  if t.v5 then c:expect{type = "UNSUBACK", id = 0xCAFE, reasons = {0}}
  else c:expect{type = "UNSUBACK", id = 0xCAFE} end
end
