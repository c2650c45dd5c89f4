scenario {
  id = "4.9/flow-control/receive-maximum-qos2",
  title = "5.0: with Receive Maximum 1, a QoS 2 delivery frees the quota at PUBCOMP or at a failing PUBREC",
  description = [[The subscriber sets Receive Maximum 1 and three QoS 2 messages are published. The
server's initial send quota is non-zero and at most 1 (4.9.0-1): message 1 arrives with no ack
sent. A PUBREC does not give the quota back (§4.9: only PUBACK, PUBCOMP, or a PUBREC >= 0x80 do),
so message 2 must not come before the PUBCOMP (4.9.0-2, 3.3.4-9): a PINGREQ sent after the PUBREC
must be answered (4.9.0-3) and nothing but the PUBREL may come before the PINGRESP. After the
PUBCOMP message 2 must come; answering it with PUBREC 0x80 ends its exchange and frees the quota
again, so message 3 must follow without any PUBREL or PUBCOMP for message 2.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.9.0-1", "MQTT-4.9.0-2", "MQTT-4.9.0-3", "MQTT-3.3.4-9", "§4.9"}},
  level = "MUST",
  needs = {"qos2"},
  timeout = 12,
}

function run(t)
  local tp = t:topic("rm2")
  local s = t:connect("s", {props = {receive_maximum = 1}})
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 2}
  s:expect{type = "SUBACK", id = 1, reasons = {2}}
  local qos = use("qos")
  local p = t:connect("p")
  for i = 1, 3 do qos.publish(p, {topic = tp, payload = tostring(i), qos = 2, id = i}) end
  local m1 = s:expect({type = "PUBLISH", payload = "1", qos = 2},
    {expected = "message 1 with no ack sent (the initial send quota is non-zero)", within = 3})
  s:send_many{{type = "PUBREC", id = m1.id}, {type = "PINGREQ"}}
  -- PUBREL and PINGRESP answer different packets: either may come first
  local seen_pubrel, seen_pingresp = false, false
  repeat
    local pkt = s:expect({type = function(v) return v == "PUBREL" or v == "PINGRESP" or v == "PUBLISH" end},
      {expected = "PUBREL for message 1 and PINGRESP, no second PUBLISH (quota 1 not freed by PUBREC)"})
    if pkt.type == "PUBLISH" then
      t:fail{expected = "no PUBLISH before the PUBCOMP of message 1 (Receive Maximum 1)",
        observed = "PUBLISH '" .. pkt.payload .. "' after only a PUBREC", stmt = {"MQTT-4.9.0-2", "MQTT-3.3.4-9"}}
    end
    if pkt.type == "PUBREL" then
      t:check(pkt.id == m1.id, "PUBREL id " .. m1.id, "PUBREL id " .. pkt.id)
      seen_pubrel = true
    end
    if pkt.type == "PINGRESP" then seen_pingresp = true end
  until seen_pingresp and seen_pubrel
  s:send{type = "PUBCOMP", id = m1.id}
  local m2 = s:expect({type = "PUBLISH", payload = "2", qos = 2},
    {expected = "message 2 once the PUBCOMP freed the quota"})
  s:send{type = "PUBREC", id = m2.id, reason = 0x80}
  local m3 = s:expect({type = "PUBLISH", payload = "3", qos = 2},
    {expected = "message 3 once PUBREC 0x80 ended message 2 (no PUBREL for it)"})
  qos.ack(s, m3)
end
