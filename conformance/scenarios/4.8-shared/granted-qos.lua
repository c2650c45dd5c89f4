scenario {
  id = "4.8/shared/granted-qos",
  title = "5.0: a shared subscription delivers at most its granted QoS",
  description = [[One member subscribes "$share/g/<T>" at QoS 0. A QoS 1 message to T must arrive
at QoS 0.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.8.2-3", "MQTT-3.8.4-8"}},
  level = "MUST",
  needs = {"shared", "qos1"},
}

function run(t)
  local tp = t:topic("sh")
  local share = "$share/" .. t:client_id("g"):gsub("[^%w]", "") .. "/" .. tp
  local m = t:connect("m")
  m:send{type = "SUBSCRIBE", id = 1, filter = share, qos = 0}
  t:subscribed(m, {type = "SUBACK", id = 1, reasons = {0}})
  local p = t:connect("p")
  p:send{type = "PUBLISH", topic = tp, payload = "x", qos = 1, id = 1}
  p:expect{type = "PUBACK", id = 1}
  m:expect{type = "PUBLISH", topic = tp, payload = "x", qos = 0}
end
