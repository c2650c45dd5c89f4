scenario {
  id = "3.1/keepalive/any-packet-resets",
  title = "Any control packet, not only PINGREQ, resets the keep-alive timer",
  description = [[Keep Alive 1 s; instead of PINGREQ the client publishes a QoS 1 message every
0.4 s for 2 s (beyond the 1.5 s limit). The keep-alive counts any control packet, so the server
must keep the connection and acknowledge each PUBLISH.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-24", "MQTT-4.3.2-2"}, ["5.0"] = {"MQTT-3.1.2-22", "MQTT-4.3.2-4"}},
  level = "MUST",
  needs = {"qos1"},
  timeout = 8,
}

function run(t)
  local c = t:connect("c1", {keepalive = 1})
  for i = 1, 5 do
    -- 0.4 s gaps stay under the 1.5 s limit up to --time-scale 3.5
    t:sleep(0.4)
    c:send{type = "PUBLISH", topic = t:topic("tick"), payload = tostring(i), qos = 1, id = i}
    c:expect({type = "PUBACK", id = i}, {within = 1})
  end
end
