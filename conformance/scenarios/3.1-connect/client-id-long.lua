scenario {
  id = "3.1/connect/client-id-long",
  title = "A 100-byte Client Identifier: accepted, or refused with the identifier-rejected code",
  description = [[3.1.1 and 5.0 let a server accept Client Identifiers longer than 23 bytes; a
server that refuses one must answer CONNACK 0x02 (3.1.1) or may answer 0x85 (5.0) and close.
Either behaviour passes; anything else (a silent close in 3.1.1, another code) is reported.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.3-9"}, ["5.0"] = {"MQTT-3.1.3-8"}},
  level = "MUST",
}

function run(t)
  local id = (t:client_id("long"):gsub("[^0-9a-zA-Z]", "") .. string.rep("x", 100)):sub(1, 100)
  local c = t:open("c1")
  c:send{type = "CONNECT", client_id = id, clean = true, keepalive = 30}
  local p, why = c:recv{within = 2}
  if p and p.type == "CONNACK" and p.reason == 0 then
    t:log("100-byte client id accepted")
    return
  end
  if t.v5 then
    if p then
      t:check(p.type == "CONNACK" and p.reason >= 0x80, "CONNACK 0x00, or 0x85 then close",
        tostring(p.type) .. " reason " .. tostring(p.reason))
      c:expect_closed{within = 1}
    end
  else
    t:check(p ~= nil and p.type == "CONNACK" and p.reason == 2, "CONNACK 0 or CONNACK 0x02",
      p and (tostring(p.type) .. " reason " .. tostring(p.reason)) or tostring(why))
    c:expect_closed{within = 1}
  end
end
