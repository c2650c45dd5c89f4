-- Finding (mosquitto 2.0.11): accepts a Topic Name containing U+0000 and keeps the connection (3.1.1 MQTT-1.5.3-2 says the receiver MUST close).
scenario {
  id = "3.3/publish/topic-null-char",
  title = "PUBLISH whose Topic Name contains U+0000 closes the connection",
  description = [[Topic Names must not contain the null character (and UTF-8 strings never may). The server must
close.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.7.3-2", "MQTT-1.5.3-2"}, ["5.0"] = {"MQTT-4.7.3-2", "MQTT-1.5.4-2", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1")
  local props = t.v5 and "\0" or "" -- empty v5 property block
  -- a PINGREQ right behind: a PINGRESP proves the server went on past the bad packet
  c:send_bytes(mqtt.packet(0x30, mqtt.str(t:topic("a\0b")) .. props .. "x") .. mqtt.hex("c0 00"))
  -- v5 may send DISCONNECT (>= 0x80) first; expect_closed accepts it
  local r = c:expect_closed{within = 1}
  if r.disconnect then
    t:check(r.disconnect.reason >= 0x80, "DISCONNECT reason >= 0x80",
      string.format("0x%02x", r.disconnect.reason))
  end
end
