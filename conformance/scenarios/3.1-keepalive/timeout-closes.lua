-- Finding (mosquitto 2.0.11): closes silent Keep Alive 1 s clients at its periodic keep-alive sweep, 2.4-8 s after their last packet.
scenario {
  id = "3.1/keepalive/timeout-closes",
  title = "A silent client is disconnected after 1.5 x Keep Alive (Keep Alive 1 s)",
  description = [[Six connections with Keep Alive 1 s, opened 0.55 s apart, then no packets at all.
The server must close each once 1.5 s pass without a control packet; we allow 1 s of grace. The
staggered openings make sure one of them starts just after any periodic keep-alive sweep of the
broker, so the verdict does not depend on the timer's phase; every close delay is logged. A close
within a quarter of the Keep Alive is early (NON-STRICT): the client may stay silent for Keep Alive
seconds. The 5.0 variant, which must also honour Server Keep Alive, is
3.2/connack/server-keep-alive.]],
  versions = {"3.1.1"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-24"}},
  level = "MUST",
  timeout = 12,
}

function run(t)
  local keepalive = use("keepalive")
  local rows = keepalive.watch(t, {n = 6, gap = 0.55, horizon = 1.5 + keepalive.SLACK + 0.5,
    open = function(i) return t:connect("c" .. i, {keepalive = 1}) end})
  keepalive.judge_closes(t, rows, 1, nil, "silent Keep Alive 1 s connection")
end
