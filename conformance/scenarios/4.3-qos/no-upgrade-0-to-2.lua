scenario {
  id = "4.3/qos/no-upgrade-0-to-2",
  title = "QoS 0 message to a QoS 2 subscription stays QoS 0",
  description = [[A subscriber granted QoS 2 receives a message published at QoS 0. The delivered
QoS must be the minimum of the two: QoS 0.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.8.4-6"}, ["5.0"] = {"MQTT-3.8.4-8"}},
  level = "MUST",
  needs = {"qos2"},
}

function run(t)
  use("qos").delivered_at_minimum(t, 2, 0)
end
