scenario {
  id = "3.8/subscribe/unsubscribe-no-filters",
  title = "Asked to unsubscribe from no filter at all, the client sends no UNSUBSCRIBE without filters",
  description = [[The application unsubscribes with an empty list of filters. An UNSUBSCRIBE must
carry at least one Topic Filter (3.10.3-2 in both versions): the library must refuse the call or
send nothing; an UNSUBSCRIBE without filters on the wire is malformed (the codec flags it). The
drivers hand the empty list to the library unchanged.]],
  role = "client",
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-3.10.3-2"},
  level = "MUST",
}

function run(t)
  local cl = use("client")
  local c = cl.connect(t, {clean = true})
  local id = t.client:unsubscribe{filters = {}, timeout = 2}
  local p, why = cl.next(t, c, 1.5)
  if p then
    t:check(p.type ~= "UNSUBSCRIBE", "no UNSUBSCRIBE for an empty list", "UNSUBSCRIBE id " .. tostring(p.id))
    t:log("client sent " .. p.type)
  end
  local ack = t.client:ack(id)
  t:log("the unsubscribe ack: ok=" .. tostring(ack.ok) .. " " .. tostring(ack.error) .. "; wire: " .. tostring(why))
end
