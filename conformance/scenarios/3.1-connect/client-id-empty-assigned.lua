scenario {
  id = "3.1/connect/client-id-empty-assigned",
  title = "5.0: zero-length Client Identifier gets an Assigned Client Identifier (or 0x85 and close)",
  description = [[A v5 server that accepts a zero-length Client Identifier must assign one and
return it in the CONNACK Assigned Client Identifier property. A server that does not allow it may
answer CONNACK 0x85 and must close. We accept both.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.3-6", "MQTT-3.1.3-7", "MQTT-3.2.2-16", "MQTT-3.1.3-8"}},
  level = "MUST",
}

function run(t)
  local verify = use("verify")
  local c = t:open("c1")
  c:send{type = "CONNECT", client_id = "", clean = true, keepalive = 30}
  local i, p = c:expect_one_of({
    {type = "CONNACK", reason = 0, props = {assigned_client_identifier = mqtt.ANY}},
    {type = "CONNACK", reason = verify.FAILURE},
    {closed = true},
  }, {within = 2})
  if i == 1 then
    t:check(#p.props.assigned_client_identifier > 0, "non-empty Assigned Client Identifier", "empty string")
  elseif i == 2 then
    c:expect_closed{within = 1}
  end
end
