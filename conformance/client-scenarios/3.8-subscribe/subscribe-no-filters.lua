scenario {
  id = "3.8/subscribe/subscribe-no-filters",
  title = "Asked to subscribe to no filter at all, the client sends no SUBSCRIBE without filters",
  description = [[The application subscribes with an empty list of subscriptions. A SUBSCRIBE must
carry at least one Topic Filter / Subscription Options pair (3.1.1 3.8.3-3, 5.0 3.8.3-2): the library
must refuse the call or send nothing; a SUBSCRIBE without filters on the wire is malformed (the
codec flags it). The drivers hand the empty list to the library unchanged.]],
  role = "client",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.8.3-3"}, ["5.0"] = {"MQTT-3.8.3-2"}},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true})
  local id = t.client:subscribe{subs = {}, timeout = 2}
  local p, why = cl.next(t, c, 1.5)
  if p then
    t:check(p.type ~= "SUBSCRIBE", "no SUBSCRIBE for an empty list", "SUBSCRIBE id " .. tostring(p.id))
    t:log("client sent " .. p.type)
  end
  local ack = t.client:ack(id)
  t:log("the subscribe ack: ok=" .. tostring(ack.ok) .. " " .. tostring(ack.error) .. "; wire: " .. tostring(why))
end
