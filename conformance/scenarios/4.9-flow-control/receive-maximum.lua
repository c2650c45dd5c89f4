-- Finding (mosquitto 2.0.11): with Receive Maximum 2 it had PUBLISH 2, 3 and 4 unacknowledged at once (after our PUBACK for 1).
scenario {
  id = "4.9/flow-control/receive-maximum",
  title = "5.0: the server never has more unacknowledged QoS 1 PUBLISHes than the client's Receive Maximum",
  description = [[The subscriber sets Receive Maximum 2 and does not acknowledge. Five QoS 1 messages
are published: exactly two may arrive. While the quota is used up, a PINGREQ must still be answered.
Acknowledging one releases exactly one more (message 3, in order).]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.3.4-9", "MQTT-3.3.4-10", "MQTT-4.9.0-2", "MQTT-4.9.0-3"}},
  level = "MUST",
  needs = {"qos1", "grant_qos1"},
}

function run(t)
  local tp = t:topic("rm")
  local s = t:connect("s", {props = {receive_maximum = 2}})
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 1}
  t:subscribed(s, {type = "SUBACK", id = 1, reasons = {1}})
  local p = t:connect("p")
  for i = 1, 5 do
    p:send{type = "PUBLISH", topic = tp, payload = tostring(i), qos = 1, id = i}
    p:expect{type = "PUBACK", id = i}
  end
  local m1 = s:expect{type = "PUBLISH", payload = "1"}
  s:expect{type = "PUBLISH", payload = "2"}
  s:send{type = "PINGREQ"}
  s:expect({type = "PINGRESP"}, {expected = "PINGRESP and no third PUBLISH (quota 2)"})
  s:send{type = "PUBACK", id = m1.id}
  s:expect{type = "PUBLISH", payload = "3"}
  s:send{type = "PINGREQ"}
  s:expect({type = "PINGRESP"}, {expected = "PINGRESP and no fourth PUBLISH (quota 2)"})
end
