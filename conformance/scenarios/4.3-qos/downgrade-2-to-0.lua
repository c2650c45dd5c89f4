scenario {
  id = "4.3/qos/downgrade-2-to-0",
  title = "QoS 2 message to a QoS 0 subscription is delivered at QoS 0",
  description = [[A subscriber granted QoS 0 receives a message published at QoS 2. The delivered
QoS must be the minimum of the two: QoS 0.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.8.4-6"}, ["5.0"] = {"MQTT-3.8.4-8"}},
  level = "MUST",
  needs = {"qos2"},
}

function run(t)
  use("qos").delivered_at_minimum(t, 0, 2)
end
