scenario {
  id = "3.1/connect/client-id-empty-clean",
  title = "3.1.1: zero-length Client Identifier with CleanSession 1 is accepted or refused with 0x02",
  description = [[A server may allow a zero-length Client Identifier (it then assigns a unique
one); if it does not, it must answer CONNACK 0x02 and close. Both are correct; a silent close or
another return code is a failure.]],
  versions = {"3.1.1"},
  statements = {["3.1.1"] = {"MQTT-3.1.3-6", "MQTT-3.1.3-9"}},
  level = "MUST",
}

function run(t)
  local c = t:open("c1")
  c:send{type = "CONNECT", client_id = "", clean = true, keepalive = 30}
  local p, why = c:recv{within = 2}
  t:check(p ~= nil and p.type == "CONNACK" and (p.reason == 0 or p.reason == 2),
    "CONNACK 0 (accepted) or 0x02 (identifier rejected)",
    p and (tostring(p.type) .. " reason " .. tostring(p.reason)) or tostring(why))
  if p.reason == 2 then
    c:expect_closed{within = 1}
  else
    t:barrier(c)
  end
end
