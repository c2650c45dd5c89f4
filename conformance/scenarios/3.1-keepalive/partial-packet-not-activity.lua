-- Finding (mosquitto 2.0.11): same late keep-alive close as 3.1/keepalive/timeout-closes (2.4-8 s for Keep Alive 1).
scenario {
  id = "3.1/keepalive/partial-packet-not-activity",
  title = "A partial packet followed by silence does not keep the connection alive",
  description = [[Six connections with Keep Alive 1 s, opened 0.55 s apart; each sends the first
two bytes of a PUBLISH and then nothing. No complete control packet arrives, so the server must
still close each by 1.5 x Keep Alive after the CONNECT (we allow 1 s of grace). A server waiting
forever on an incomplete packet can be exhausted by idle sockets. The staggered openings make the
verdict independent of the phase of a periodic keep-alive sweep; every close delay is logged.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-24"}, ["5.0"] = {"MQTT-3.1.2-22"}},
  level = "MUST",
  timeout = 12,
}

function run(t)
  local keepalive = use("keepalive")
  local rows = keepalive.watch(t, {n = 6, gap = 0.55, horizon = 1.5 + keepalive.SLACK + 0.5,
    open = function(i)
      local c = t:connect("c" .. i, {keepalive = 1})
      if keepalive.enforced(c, 1) ~= 1 then
        t:unsupported("server imposes Server Keep Alive " .. keepalive.enforced(c, 1))
      end
      c:send_hex("30 20 00")
      return c
    end})
  keepalive.judge_closes(t, rows, 1, nil, "connection silent after a partial packet")
end
