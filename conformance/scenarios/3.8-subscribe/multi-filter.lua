scenario {
  id = "3.8/subscribe/multi-filter",
  title = "A SUBSCRIBE with three filters gets one SUBACK with three codes in order",
  description = [[Filters a (QoS 2), b (QoS 0), c (QoS 1) in one SUBSCRIBE. The server must answer a
single SUBACK with one code per filter in the same order; each code is the granted QoS (at most the
requested one) or a failure code from the table. Then a message on each topic is delivered, in any order.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.8.4-4", "MQTT-3.8.4-5", "MQTT-3.9.3-1", "MQTT-3.9.3-2"},
    ["5.0"] = {"MQTT-3.8.4-5", "MQTT-3.8.4-6", "MQTT-3.8.4-7", "MQTT-3.9.3-1", "MQTT-3.9.3-2"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local req = {2, 0, 1}
  c:send{type = "SUBSCRIBE", id = 3, subs = {
    {filter = t:topic("a"), qos = 2}, {filter = t:topic("b"), qos = 0}, {filter = t:topic("c"), qos = 1}}}
  local a = c:expect{type = "SUBACK", id = 3}
  t:check(#a.reasons == 3, "3 reason codes", #a.reasons .. " codes")
  for i, q in ipairs(req) do
    t:check(a.reasons[i] <= q, "code " .. i .. " = granted QoS <= " .. q, string.format("0x%02x", a.reasons[i]))
  end
  local p = t:connect("pub")
  for _, n in ipairs({"a", "b", "c"}) do p:send{type = "PUBLISH", topic = t:topic(n), payload = n, qos = 0} end
  -- delivery is ordered per topic, not across topics: any order
  local pats = {}
  for i, n in ipairs({"a", "b", "c"}) do pats[i] = {type = "PUBLISH", topic = t:topic(n), payload = n} end
  use("verify").any_order(c, pats)
end
