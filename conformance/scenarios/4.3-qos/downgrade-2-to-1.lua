scenario {
  id = "4.3/qos/downgrade-2-to-1",
  title = "QoS 2 message to a QoS 1 subscription is delivered at QoS 1",
  description = [[A subscriber granted QoS 1 receives a message published at QoS 2. The delivered
QoS must be the minimum of the two: QoS 1.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.8.4-6"}, ["5.0"] = {"MQTT-3.8.4-8"}},
  level = "MUST",
  needs = {"qos2"},
}

function run(t)
  use("qos").delivered_at_minimum(t, 1, 2)
end
