scenario {
  id = "4.3/qos/acks-within-server-maximum",
  title = "The client's acknowledgements are well formed (5.0: and fit a small server Maximum Packet Size)",
  description = [[The client receives a QoS 1 and a QoS 2 message (it sends PUBACK, PUBREC and
PUBCOMP), publishes one QoS 2 message (PUBLISH and PUBREL) and disconnects (DISCONNECT). The codec
checks every packet the client sends: fixed-header flags, the Topic Name, minimal Variable Byte
Integers, property sets, reason codes from each packet's table, no Subscription Identifier in a
client PUBLISH. In 5.0 the CONNACK announces Maximum Packet Size 24, so every packet must also be
at most 24 bytes: a Reason String or User Property that would push an ack over must be left out
(a library that adds none passes without having to drop anything).]],
  role = "client",
  section = "4.3",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-2.2.2-1", "MQTT-3.3.2-1"},
                ["5.0"] = {"MQTT-2.1.3-1", "MQTT-3.3.2-1", "MQTT-1.5.5-1", "MQTT-2.2.2-1", "MQTT-3.3.4-6",
                           "MQTT-3.2.2-15", "MQTT-3.4.2-1", "MQTT-3.4.2-2", "MQTT-3.4.2-3", "MQTT-3.5.2-1",
                           "MQTT-3.5.2-2", "MQTT-3.5.2-3", "MQTT-3.6.2-1", "MQTT-3.6.2-2", "MQTT-3.6.2-3",
                           "MQTT-3.7.2-1", "MQTT-3.7.2-2", "MQTT-3.7.2-3", "MQTT-3.14.2-1", "MQTT-3.14.2-3",
                           "MQTT-3.14.2-4"}},
  level = "MUST",
}

local LIMIT = 24

function run(t)
  local cl = use("client")
  local d = t.client
  local c = cl.connect(t, {clean = true, connack = t.v5 and {props = {maximum_packet_size = LIMIT}} or nil})
  local function fits(p)
    if t.v5 then
      t:check(#p.raw <= LIMIT, p.type .. " of at most " .. LIMIT .. " bytes", p.type .. " of " .. #p.raw .. " bytes")
    end
    return p
  end
  cl.subscribe(t, c, "q/#", 2)
  c:send{type = "PUBLISH", topic = "q/1", payload = "a", qos = 1, id = 11}
  fits(c:expect({type = "PUBACK", id = 11}, {skip = {"PINGREQ"}}))
  c:send{type = "PUBLISH", topic = "q/2", payload = "b", qos = 2, id = 12}
  fits(c:expect({type = "PUBREC", id = 12}, {skip = {"PINGREQ"}}))
  c:send{type = "PUBREL", id = 12}
  fits(c:expect({type = "PUBCOMP", id = 12}, {skip = {"PINGREQ"}}))
  local pid = d:publish{topic = "o/1", payload = "c", qos = 2}
  local p = fits(c:expect({type = "PUBLISH", topic = "o/1", qos = 2}, {skip = {"PINGREQ"}}))
  c:send{type = "PUBREC", id = p.id}
  fits(c:expect({type = "PUBREL", id = p.id}, {skip = {"PINGREQ"}}))
  c:send{type = "PUBCOMP", id = p.id}
  d:expect({event = "published", id = pid}, {skip = {"message", "subscribed"}})
  d:disconnect{}
  local r = c:expect_closed{within = 3}
  t:check(r.disconnect ~= nil, "a DISCONNECT before the close", "the client closed without DISCONNECT")
  fits(r.disconnect)
end
