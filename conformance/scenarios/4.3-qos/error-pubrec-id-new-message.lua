scenario {
  id = "4.3/qos/error-pubrec-id-new-message",
  title = "5.0: after the server answers PUBREC 0x80+, a PUBLISH reusing that id is a new message",
  description = [[The publisher sends a QoS 2 PUBLISH the server refuses: with a broker profile,
on its denied_publish_prefix (PUBREC 0x87 Not authorized); without one, Payload Format Indicator 1
with a payload that is not UTF-8 (§3.3.2.3.2 lets a receiver check it and answer 0x99). If the server answers PUBREC with a reason of 0x80 or more, it must treat any later PUBLISH with that
packet id as a new Application Message (4.3.3-9): a valid QoS 2 PUBLISH reusing the id must get a
PUBREC below 0x80 and, after PUBREL / PUBCOMP, reach the subscriber. A server that accepts the first
PUBLISH (or closes on it) gives no refusing PUBREC to test: UNSUPPORTED.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.3.3-9", "MQTT-4.3.3-8", "MQTT-4.3.3-11"}},
  level = "MUST",
  needs = {"qos2"},
}

function run(t)
  local tp = t:topic("rec")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 2}
  s:expect{type = "SUBACK", id = 1, reasons = {2}}
  local p = t:connect("pub")
  local denied = use("profile").denied_topic(t, "rec")
  if denied then
    p:send{type = "PUBLISH", topic = denied, payload = "forbidden", qos = 2, id = 9}
  else
    p:send{type = "PUBLISH", topic = tp, payload = "\xFF\xFE", qos = 2, id = 9,
      props = {payload_format_indicator = 1}}
  end
  local i, r = p:expect_one_of({{type = "PUBREC", id = 9}, {type = "DISCONNECT"}, {closed = true}},
    {expected = "PUBREC id 9, or a DISCONNECT / close refusing the payload"})
  if i ~= 1 or (r.reason or 0) < 0x80 then
    if i == 1 then
      p:send{type = "PUBREL", id = 9}
      p:expect{type = "PUBCOMP", id = 9}
      if not denied then use("qos").ack(s, s:expect{type = "PUBLISH", topic = tp, qos = 2}) end
    end
    t:unsupported("the server did not answer PUBREC >= 0x80 (" .. (i == 1 and
      string.format("PUBREC 0x%02x", r.reason or 0) or "it closed") .. "): nothing to test")
  end
  t:log(string.format("PUBREC 0x%02x for the refused PUBLISH", r.reason))
  p:send{type = "PUBLISH", topic = tp, payload = "fresh", qos = 2, id = 9}
  p:expect({type = "PUBREC", id = 9, reason = function(v) return v == nil or v < 0x80 end},
    {expected = "PUBREC id 9 below 0x80: the reused id is a new message"})
  p:send{type = "PUBREL", id = 9}
  p:expect{type = "PUBCOMP", id = 9, reason = function(v) return v == nil or v == 0 end}
  use("qos").ack(s, s:expect({type = "PUBLISH", topic = tp, payload = "fresh", qos = 2},
    {expected = "the new message delivered to the subscriber"}))
end
