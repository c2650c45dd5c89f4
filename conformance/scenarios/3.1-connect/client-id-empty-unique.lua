scenario {
  id = "3.1/connect/client-id-empty-unique",
  title = "5.0: two clients with empty Client Identifiers get different assigned identifiers",
  description = [[The Assigned Client Identifier must not be in use by any other session. Two
concurrent connections with a zero-length Client Identifier must receive different assigned
identifiers, and both stay connected (neither takes over the other).]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.2.2-16", "MQTT-3.1.3-6"}},
  level = "MUST",
}

function run(t)
  local a = t:open("a")
  a:send{type = "CONNECT", client_id = "", clean = true, keepalive = 30}
  local i, pa = a:expect_one_of({{type = "CONNACK", reason = 0, props = {assigned_client_identifier = mqtt.ANY}},
    {type = "CONNACK"}, {closed = true}}, {within = 2})
  if i ~= 1 then t:unsupported("server does not assign client identifiers") end
  local b = t:open("b")
  b:send{type = "CONNECT", client_id = "", clean = true, keepalive = 30}
  local pb = b:expect{type = "CONNACK", reason = 0, props = {assigned_client_identifier = mqtt.ANY}}
  t:check(pa.props.assigned_client_identifier ~= pb.props.assigned_client_identifier,
    "two different assigned identifiers", "both got " .. pb.props.assigned_client_identifier)
  t:barrier(a)
end
