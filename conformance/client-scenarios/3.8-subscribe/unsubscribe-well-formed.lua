scenario {
  id = "3.8/subscribe/unsubscribe-well-formed",
  title = "UNSUBSCRIBE carries flags 0010, a non-zero id and the filter asked for",
  description = [[The server deletes subscriptions by exact filter text and answers by packet
id: the UNSUBSCRIBE must carry the filter unchanged, a non-zero id and flags 0010. The UNSUBACK
completes it.]],
  role = "client",
  section = "3.8",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.10.1-1", "MQTT-2.3.1-1", "MQTT-3.10.3-1"},
    ["5.0"] = {"MQTT-3.10.1-1", "MQTT-2.2.1-3", "MQTT-3.10.3-1"}},
  level = "MUST",
}

function run(t)
  local d = t.client
  local c = use("client").connect(t, {clean = true})
  local id = d:unsubscribe{filter = "mqc/sub/#"}
  local u = c:expect({type = "UNSUBSCRIBE"}, {skip = {"PINGREQ"}})
  t:check(u.id ~= 0, "packet id not 0", "packet id 0")
  t:check(#(u.filters or {}) == 1 and u.filters[1] == "mqc/sub/#", "one filter mqc/sub/#",
    table.concat(u.filters or {}, ","))
  if t.v5 then
    c:send{type = "UNSUBACK", id = u.id, reasons = {0}}
  else
    c:send{type = "UNSUBACK", id = u.id}
  end
  d:expect({event = "unsubscribed", id = id}, {skip = {"error"}})
end
