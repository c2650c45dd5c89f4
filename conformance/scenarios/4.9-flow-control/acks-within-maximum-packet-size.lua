scenario {
  id = "4.9/flow-control/acks-within-maximum-packet-size",
  title = "5.0: acknowledgements fit the client's small Maximum Packet Size (Reason String and User Property dropped)",
  description = [[The client announces Maximum Packet Size 32 and then draws one of each
acknowledgement: SUBACK, PUBACK, PUBREC and PUBCOMP for its own QoS 1 / QoS 2 messages, a
PUBCOMP for an unknown packet id (0x92 where used), an UNSUBACK for a filter never subscribed
(0x11 where used), and finally a DISCONNECT for a Topic Alias 0 (a Protocol Error). Every packet
the server sends must be at most 32 bytes: a Reason String or User Property that would push it
over must be left out. A server that adds no such property passes without having to drop
anything.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.2-24", "MQTT-3.4.2-2", "MQTT-3.4.2-3", "MQTT-3.5.2-2", "MQTT-3.5.2-3",
                           "MQTT-3.7.2-2", "MQTT-3.7.2-3", "MQTT-3.9.2-1", "MQTT-3.9.2-2",
                           "MQTT-3.11.2-1", "MQTT-3.11.2-2", "MQTT-3.14.2-3", "MQTT-3.14.2-4"}},
  level = "MUST",
  needs = {"qos2", "grant_qos2"},
}

local LIMIT = 32

local function fits(t, pkt, what)
  t:check(#pkt.raw <= LIMIT, what .. " of at most " .. LIMIT .. " bytes",
    what .. " of " .. #pkt.raw .. " bytes" .. (pkt.props and pkt.props.reason_string and
      (" (Reason String '" .. pkt.props.reason_string .. "')") or ""))
end

function run(t)
  local c = t:connect("c", {props = {maximum_packet_size = LIMIT}})
  fits(t, c.connack, "CONNACK")
  c:send{type = "SUBSCRIBE", id = 1, filter = t:topic("s"), qos = 2}
  fits(t, c:expect{type = "SUBACK", id = 1}, "SUBACK")
  c:send{type = "PUBLISH", topic = t:topic("n"), payload = "x", qos = 1, id = 2}
  fits(t, c:expect{type = "PUBACK", id = 2}, "PUBACK")
  c:send{type = "PUBLISH", topic = t:topic("n"), payload = "x", qos = 2, id = 3}
  fits(t, c:expect{type = "PUBREC", id = 3}, "PUBREC")
  c:send{type = "PUBREL", id = 3}
  fits(t, c:expect{type = "PUBCOMP", id = 3}, "PUBCOMP")
  c:send{type = "PUBREL", id = 0x4242}
  fits(t, c:expect{type = "PUBCOMP", id = 0x4242}, "PUBCOMP for an unknown id")
  c:send{type = "UNSUBSCRIBE", id = 4, filter = t:topic("never")}
  fits(t, c:expect{type = "UNSUBACK", id = 4}, "UNSUBACK")
  c:send_unchecked{type = "PUBLISH", topic = t:topic("n"), payload = "x", qos = 0, props = {topic_alias = 0}}
  local r = c:expect_closed()
  if r.disconnect then fits(t, r.disconnect, "DISCONNECT") end
end
