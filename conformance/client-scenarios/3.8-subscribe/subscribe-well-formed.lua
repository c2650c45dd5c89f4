scenario {
  id = "3.8/subscribe/subscribe-well-formed",
  title = "SUBSCRIBE carries flags 0010, a non-zero id, the filter and QoS asked for",
  description = [[The server answers by packet id and grants per filter, so the SUBSCRIBE must use
a non-zero id, the reserved flags 0010 (checked by the codec), and the exact filter and QoS the
application gave. The SUBACK's granted QoS must reach the application.]],
  role = "client",
  section = "3.8",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.8.1-1", "MQTT-2.3.1-1", "MQTT-3.8.3-1"},
    ["5.0"] = {"MQTT-3.8.1-1", "MQTT-2.2.1-3", "MQTT-3.8.3-1"}},
  level = "MUST",
}

function run(t)
  local d = t.client
  local c = use("client").connect(t, {clean = true})
  local id = d:subscribe{filter = "mqc/sub/+/x", qos = 2}
  local s = c:expect({type = "SUBSCRIBE"}, {skip = {"PINGREQ"}})
  t:check(s.id ~= 0, "packet id not 0", "packet id 0")
  local f = s.subs and s.subs[1] or {}
  t:check(#(s.subs or {}) == 1 and f.filter == "mqc/sub/+/x" and f.qos == 2, "one filter mqc/sub/+/x at QoS 2",
    tostring(f.filter) .. " QoS " .. tostring(f.qos))
  c:send{type = "SUBACK", id = s.id, reasons = {1}}
  d:expect({event = "subscribed", id = id, reasons = {1}}, {expected = "subscribed with granted QoS 1"})
end
