scenario {
  id = "4.7/topics/topic-length-65535",
  title = "A Topic Name of exactly 65,535 bytes, the longest the encoding allows, is matched and delivered intact",
  description = [[Topic Names and Filters may encode to at most 65,535 bytes (MQTT-4.7.3-3 binds the
sender, so this is the limit, not a duty to go that far). A subscriber subscribes to a topic of
exactly 65,535 bytes and a QoS 1 message is published to it. A server may refuse a topic that
long for its own resource reasons (a failure SUBACK or PUBACK, or a close): informational. Once
it has granted the subscription and acknowledged the message with success, it must deliver it to
the subscriber with the topic unchanged (MQTT-4.5.0-1). Runs only when the broker's Maximum Packet
Size admits a packet of that size (5.0; 3.x clients cannot be told a limit).]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-4.7.3-3", "MQTT-4.5.0-1"},
  level = "MUST",
  needs = {"qos1"},
}

function run(t)
  local verify = use("verify")
  local head = t:topic("L/")
  local tp = head .. string.rep("a", 65535 - #head)
  local max = t:caps().maximum_packet_size or 0
  if t.v5 and max ~= 0 and max < 65535 + 64 then
    t:unsupported("Maximum Packet Size " .. max .. " does not admit a 65,535-byte topic")
  end
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 1}
  local i, a = s:expect_one_of({{type = "SUBACK", id = 1, reasons = {1}}, {type = "SUBACK", id = 1},
    {type = "DISCONNECT"}, {closed = true}}, {within = 3,
    expected = "a SUBACK (granting or refusing), or a close"})
  -- a success code below the QoS asked for is a grant, not a refusal (§3.8.4):
  -- the case cannot go on on it, which blocks it
  if i == 2 and a.reasons and (a.reasons[1] or 0x80) < 0x80 then
    t:require(false, "SUBACK granting the QoS asked for", "§3.8.4",
      string.format("reasons {%d}, asked for {1}", a.reasons[1]))
  end
  if i ~= 1 then
    t:info{expected = "SUBACK granting QoS 1 for a 65,535-byte filter",
      observed = a and (a.type .. " " .. (a.reasons and string.format("0x%02x", a.reasons[1] or 0)
        or string.format("0x%02x", a.reason or 0))) or "connection closed"}
  end
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "edge", qos = 1, id = 1}
  local j, ack = p:expect_one_of({{type = "PUBACK", id = 1, reason = function(v) return v == nil or v < 0x80 end},
    {type = "PUBACK", id = 1, reason = verify.FAILURE}, {type = "DISCONNECT"}, {closed = true}}, {within = 3,
    expected = "a PUBACK (success or failure), or a close"})
  if j ~= 1 then
    t:info{expected = "PUBACK success for a PUBLISH on a 65,535-byte topic",
      observed = ack and string.format("%s 0x%02x", ack.type, ack.reason or 0) or "connection closed"}
  end
  local m = s:expect({type = "PUBLISH", payload = "edge", qos = 1}, {within = 3,
    expected = "the message on the 65,535-byte topic it was granted and acknowledged for"})
  s:send{type = "PUBACK", id = m.id}
  t:check(m.topic == tp, "the 65,535-byte Topic Name unchanged",
    string.format("a topic of %d bytes", #(m.topic or "")))
end
