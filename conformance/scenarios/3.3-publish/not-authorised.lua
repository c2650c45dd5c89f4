scenario {
  id = "3.3/publish/not-authorised",
  title = "A PUBLISH the client is not authorised to make is acknowledged or closed on, never delivered",
  description = [[Needs a broker profile naming a topic prefix the test client may subscribe to
but not publish on. A subscriber takes that topic; the publisher sends a QoS 1 PUBLISH to it.
3.1.1: the server must either answer with a normal PUBACK or close the connection (3.3.5-2); 5.0:
it answers PUBACK (0x87 Not authorized is the code for it, §3.4.2.1) or a DISCONNECT with a failure
reason, or closes. Either way the message must not reach the subscriber (no marker can be ordered
after it on that topic: the subscriber is watched for 1.5 s).]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.3.5-2"}, ["5.0"] = {"§3.3.4", "§3.4.2.1"}},
  level = "MUST",
  needs = {"qos1"},
  timeout = 8,
}

function run(t)
  local tp = use("profile").denied_topic(t, "ro")
  if not tp then use("profile").need(t, "denied_publish_prefix") end
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 1}
  s:expect({type = "SUBACK", id = 1, reasons = {1}},
    {expected = "SUBACK granting QoS 1 (the profile says subscribing there is allowed)"})
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "forbidden", qos = 1, id = 1}
  local alts = {{type = "PUBACK", id = 1}, {closed = true}}
  if t.v5 then alts[3] = {type = "DISCONNECT", reason = use("verify").FAILURE} end
  local i, a = p:expect_one_of(alts, {expected = "PUBACK id 1, or the connection closed"})
  if i == 1 and t.v5 then t:log(string.format("PUBACK reason 0x%02x", a.reason or 0)) end
  s:expect_silence(1.5)
end
