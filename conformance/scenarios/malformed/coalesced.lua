scenario {
  id = "malformed/coalesced",
  title = "Several packets in one write are all processed, in order",
  description = [[CONNECT, SUBSCRIBE, PUBLISH (QoS 1), PINGREQ and UNSUBSCRIBE go out in a single
write. The server must answer each: CONNACK first (it is the first packet a server sends), then SUBACK,
PUBACK, PINGRESP and UNSUBACK in any order (the spec orders message deliveries, not responses of
different types), with our own message anywhere among them.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-7.1.1-1", "§4.2", "MQTT-3.12.4-1"}, ["5.0"] = {"MQTT-4.2.0-1", "MQTT-3.12.4-1"}},
  level = "MUST",
  needs = {"qos1"},
}

function run(t)
  local tp = t:topic("burst")
  local c = t:open("c1")
  c:send_many{
    {type = "CONNECT", client_id = t:client_id("c1"), clean = true, keepalive = 30},
    {type = "SUBSCRIBE", id = 1, filter = tp, qos = 0},
    {type = "PUBLISH", topic = tp, payload = "b", qos = 1, id = 2},
    {type = "PINGREQ"},
    {type = "UNSUBSCRIBE", id = 3, filter = tp},
  }
  c:expect{type = "CONNACK", reason = 0}
  -- the spec orders deliveries, not responses of different types to each other: any order
  use("verify").any_order(c, {{type = "SUBACK", id = 1}, {type = "PUBACK", id = 2}, {type = "PINGRESP"},
    {type = "UNSUBACK", id = 3}}, {skip = {"PUBLISH"}})
end
