scenario {
  id = "4.1/session/keyed-by-client-id",
  title = "Session state is kept per Client Identifier: each client resumes only its own",
  description = [[Two persistent clients A and B subscribe (QoS 1) to their own topics TA and TB
and disconnect. One QoS 1 message is published to each topic while both are away. A reconnects:
Session Present 1, and it gets its own queued message. A marker then published to TA bounds the
wait (same publisher, topic and QoS: order promised): no PUBLISH on TB may reach A up to it (a copy
on TB after the marker would not be seen: no order holds across topics). B then resumes and gets
its own message.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.3-2", "MQTT-3.1.2-5", "MQTT-3.1.4-3"},
                ["5.0"] = {"MQTT-3.1.3-2", "MQTT-3.1.2-5", "MQTT-3.1.4-4"}},
  level = "MUST",
  needs = {"qos1", "grant_qos1"},
}

local function persistent(t, name, id, tp)
  local c = t:connect(name, {client_id = id, clean = false, props = t.v5 and {session_expiry_interval = 60} or nil})
  c:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 1}
  t:subscribed(c, {type = "SUBACK", id = 1, reasons = {1}})
  c:send{type = "DISCONNECT"}
  c:close()
end

function run(t)
  local ida, idb = t:client_id("a"), t:client_id("b")
  local ta, tb = t:topic("ta"), t:topic("tb")
  persistent(t, "a1", ida, ta)
  persistent(t, "b1", idb, tb)
  -- both sessions exist before anything is published (a Session Present check per client)
  local props = t.v5 and {session_expiry_interval = 60} or nil
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = ta, payload = "for-a", qos = 1, id = 1}
  p:expect{type = "PUBACK", id = 1}
  p:send{type = "PUBLISH", topic = tb, payload = "for-b", qos = 1, id = 2}
  p:expect{type = "PUBACK", id = 2}
  local a = t:connect("a2", {client_id = ida, clean = false, props = props})
  t:check(a.connack.session_present == true, "A: Session Present 1", "A: Session Present 0")
  local m = a:expect({type = "PUBLISH", topic = ta, payload = "for-a"},
    {expected = "A's own queued message on TA (nothing from B's session)"})
  a:send{type = "PUBACK", id = m.id}
  p:send{type = "PUBLISH", topic = ta, payload = "marker", qos = 1, id = 3}
  p:expect{type = "PUBACK", id = 3}
  local n = a:expect({type = "PUBLISH"}, {expected = "the marker on TA"})
  a:send{type = "PUBACK", id = n.id}
  t:check(n.topic == ta and n.payload == "marker", "the marker on TA",
    "'" .. n.payload .. "' on " .. n.topic .. " (B's session state delivered to A)")
  a:send{type = "DISCONNECT", props = t.v5 and {session_expiry_interval = 0} or nil}
  local b = t:connect("b2", {client_id = idb, clean = false, props = props})
  t:check(b.connack.session_present == true, "B: Session Present 1", "B: Session Present 0")
  local mb = b:expect({type = "PUBLISH", topic = tb, payload = "for-b"}, {expected = "B's own queued message on TB"})
  b:send{type = "PUBACK", id = mb.id}
  b:send{type = "DISCONNECT", props = t.v5 and {session_expiry_interval = 0} or nil}
end
