scenario {
  id = "4.1/session/error-pubrec-ends-exchange",
  title = "5.0: after PUBREC 0x80 the server sends no PUBREL and does not re-send the PUBLISH",
  description = [[A persistent subscriber answers a QoS 2 PUBLISH with PUBREC reason 0x80. That
ends the exchange: the sender sends PUBREL only for a PUBREC below 0x80 (4.3.3-4) and the message
counts as acknowledged (4.4.0-2). The subscriber then drops the connection and resumes; the
publisher sends a second QoS 2 message on the same topic. The next PUBLISH must be that marker (a
re-sent copy would have to come first: same client, topic and QoS). Any PUBREL for the rejected
packet id seen up to the end of the marker's exchange is a FAIL; a PUBREL sent later still is not
observed (the order of a PUBREL against other packets is not promised).]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.3.3-4", "MQTT-4.4.0-2"}},
  level = "MUST",
  needs = {"qos2", "grant_qos2"},
}

local function pubrel_check(t, pkt, rid)
  if pkt.type == "PUBREL" and pkt.id == rid then
    t:fail{expected = "no PUBREL after PUBREC 0x80", observed = "PUBREL id " .. rid, stmt = "MQTT-4.3.3-4"}
  end
end

function run(t)
  local id = t:client_id("s")
  local tp = t:topic("nrec")
  local props = {session_expiry_interval = 60}
  local s = t:connect("s1", {client_id = id, clean = false, props = props})
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 2}
  t:subscribed(s, {type = "SUBACK", id = 1, reasons = {2}})
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "rejected", qos = 2, id = 1}
  p:expect{type = "PUBREC", id = 1}
  p:send{type = "PUBREL", id = 1}
  p:expect{type = "PUBCOMP", id = 1}
  local m = s:expect{type = "PUBLISH", topic = tp, payload = "rejected", qos = 2}
  local rid = m.id
  s:send{type = "PUBREC", id = rid, reason = 0x80}
  -- no PUBREL for it: a bounded silence window (a PINGRESP, a response of another
  -- type, would prove nothing about a PUBREL); then a barrier, so the broker has
  -- read the PUBREC before the connection goes
  local verify = use("verify")
  verify.none_within(t, s, verify.WINDOW, function(pkt) return pkt.type == "PUBREL" and pkt.id == rid end,
    "PUBREL for the exchange ended by PUBREC 0x80")
  t:barrier(s, {skip = {"PUBREL"}})
  s:reset()
  local s2 = t:connect("s2", {client_id = id, clean = false, props = props})
  t:check(s2.connack.session_present == true, "Session Present 1", "Session Present 0")
  p:send{type = "PUBLISH", topic = tp, payload = "marker", qos = 2, id = 2}
  p:expect{type = "PUBREC", id = 2}
  p:send{type = "PUBREL", id = 2}
  p:expect{type = "PUBCOMP", id = 2}
  local n
  repeat
    n = s2:expect({type = function(v) return v == "PUBLISH" or v == "PUBREL" end},
      {expected = "the marker only; 'rejected' was ended by PUBREC 0x80"})
    pubrel_check(t, n, rid)
  until n.type == "PUBLISH"
  t:check(n.payload == "marker", "the marker (no re-send of the rejected message)",
    "'" .. n.payload .. "' re-sent (DUP " .. tostring(n.dup) .. ", id " .. n.id .. ")")
  s2:send{type = "PUBREC", id = n.id}
  repeat
    local r = s2:expect({type = "PUBREL"}, {expected = "PUBREL id " .. n.id .. " for the marker"})
    pubrel_check(t, r, rid)
  until r.id == n.id
  s2:send{type = "PUBCOMP", id = n.id}
  s2:send{type = "DISCONNECT", props = {session_expiry_interval = 0}}
end
