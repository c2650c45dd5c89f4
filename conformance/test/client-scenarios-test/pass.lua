-- Correct client: CONNECT, SUBSCRIBE, a QoS 1 message both ways.
scenario {
  id = "ctest/pass",
  title = "A correct client gets through connect, subscribe and QoS 1 both ways",
  role = "client",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.3.2-2"}, ["5.0"] = {"MQTT-4.3.2-4"}},
  level = "MUST",
}

function run(t)
  local d = t.client
  assert(d.hello.library == "fake-mqtt 0.1", "hello table")
  assert(type(t.port) == "number")
  local conn = d:connect{clean = true, keepalive = 30}
  local c, connect = t:accept_connect("c1")
  t:check(connect.keepalive == 30, "keepalive 30", tostring(connect.keepalive))
  d:expect{event = "connected", id = conn, session_present = false}
  t:check(d:ack(conn).ok == true, "connect acked ok", "not ok")
  local sub = d:subscribe{filter = "a/b", qos = 1}
  local s = c:expect{type = "SUBSCRIBE"}
  c:send{type = "SUBACK", id = s.id, reasons = {1}}
  d:expect{event = "subscribed", id = sub, reasons = {1}}
  c:send{type = "PUBLISH", topic = "a/b", qos = 1, id = 7, payload = "hi"}
  c:expect{type = "PUBACK", id = 7}
  d:expect{event = "message", topic = "a/b", payload = "hi", qos = 1}
  local pub = d:publish{topic = "x/y", qos = 1, payload = "up"}
  local p = c:expect{type = "PUBLISH", topic = "x/y", qos = 1}
  d:expect_none({event = "published"}, 0.2)
  c:send{type = "PUBACK", id = p.id}
  d:expect{event = "published", id = pub}
  local w = d:wait(0.05)
  d:ack(w)
  t:check(d:alive(), "driver alive", "dead")
  t:check(d:exit_status() == nil, "no exit status yet", "one")
  local ev, why = d:event{within = 0.1}
  t:check(ev == nil and why == "timeout", "no further event", tostring(why))
end
