scenario {
  id = "3.1/keepalive/pingreq-keeps-alive",
  title = "A client that sends PINGREQ within Keep Alive stays connected",
  description = [[Keep Alive 1 s; a PINGREQ every 0.4 s for 2 s (beyond the 1.5 s limit).
Every PINGREQ must be answered with PINGRESP; a close in between means the server dropped an
active client.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-3.12.4-1", "§3.1.2.10"},
  level = "MUST",
  timeout = 8,
}

function run(t)
  local c = t:connect("c1", {keepalive = 1})
  for _ = 1, 5 do
    -- 0.4 s gaps stay under the 1.5 s limit up to --time-scale 3.5
    t:sleep(0.4)
    c:send{type = "PINGREQ"}
    c:expect({type = "PINGRESP"}, {within = 1})
  end
end
