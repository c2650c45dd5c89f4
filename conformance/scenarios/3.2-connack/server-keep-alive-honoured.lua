-- Finding (mosquitto 2.0.11): sends no Server Keep Alive and closes Keep Alive 1 s clients only at its periodic sweep, 2.4-8 s later.
scenario {
  id = "3.2/connack/server-keep-alive-honoured",
  title = "5.0: the keep-alive the server enforces is its Server Keep Alive, or the client's value",
  description = [[Six connections with Keep Alive 1 s, opened 0.55 s apart, then silence. Without
Server Keep Alive in CONNACK the server must use our value and close each by 1.5 s (plus 1 s of
grace). With Server Keep Alive S it uses S: if S is at most 3 s we check the closes against 1.5 x
S, otherwise the case is informational. The staggered openings make the verdict independent of the
phase of a periodic keep-alive sweep; every close delay is logged.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.2.2-22", "MQTT-3.1.2-22"}},
  level = "MUST",
  timeout = 16,
}

function run(t)
  local keepalive = use("keepalive")
  local probe = t:connect("probe", {keepalive = 1})
  local ka = keepalive.enforced(probe, 1)
  probe:close()
  if ka ~= 1 then
    t:log("Server Keep Alive " .. ka)
    if ka == 0 or ka > 3 then t:info{expected = "keep alive 1 s", observed = "Server Keep Alive " .. ka} end
  end
  local rows = keepalive.watch(t, {n = 6, gap = 0.55, horizon = 1.5 * ka + keepalive.SLACK + 0.5,
    open = function(i) return t:connect("c" .. i, {keepalive = 1}) end})
  keepalive.judge_closes(t, rows, ka, nil, string.format("silent connection (keep-alive %d s)", ka))
end
