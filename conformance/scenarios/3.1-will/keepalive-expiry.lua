-- Finding (mosquitto 2.0.11): the wills follow its late keep-alive close (a periodic sweep, 2.4-8 s for Keep Alive 1).
scenario {
  id = "3.1/will/keepalive-expiry",
  title = "The Will Message is published when the keep-alive expires",
  description = [[Six clients "w1".."w6" connect 0.55 s apart with Keep Alive 1 s and a will each
(payload "timeout-<n>"), then stay silent with the TCP connection open. The server must drop each
after 1.5 x Keep Alive (1 s of grace) and publish its will (a keep-alive timeout is one of the will
triggers listed in 3.1.2.5). The staggered openings make the verdict independent of the phase of a
periodic keep-alive sweep; every close delay and will arrival is logged.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-8", "MQTT-3.1.2-24"}, ["5.0"] = {"MQTT-3.1.2-8", "MQTT-3.1.2-22"}},
  level = "MUST",
  timeout = 14,
}

function run(t)
  local keepalive = use("keepalive")
  local wt = t:topic("will")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = wt, qos = 0}
  t:subscribed(s, {type = "SUBACK", id = 1})
  local n, gap, horizon = 6, 0.55, 1.5 + keepalive.SLACK + 0.5
  local wills, got = {}, 0
  local rows = keepalive.watch(t, {n = n, gap = gap, horizon = horizon,
    open = function(i)
      local w = t:connect("w" .. i, {keepalive = 1, will = {topic = wt, payload = "timeout-" .. i, qos = 0}})
      if keepalive.enforced(w, 1) ~= 1 then
        t:unsupported("server imposes Server Keep Alive " .. keepalive.enforced(w, 1))
      end
      return w
    end,
    each = function(clock)
      while true do
        local p, why = s:recv{within = keepalive.POLL}
        if not p then
          t:check(why == "timeout", "the subscriber stays connected", tostring(why))
          break
        end
        t:check(p.type == "PUBLISH" and p.topic == wt, "only will messages on " .. wt, tostring(p.type))
        local i = tonumber(p.payload:match("^timeout%-(%d+)$") or "")
        t:check(i ~= nil and wills[i] == nil, "each will once", "payload " .. p.payload)
        wills[i] = clock
        got = got + 1
        t:log(string.format("will of w%d arrived at %.2fs", i, clock))
      end
      return got < n and clock < (n - 1) * gap + horizon + 0.5
    end})
  local missing = {}
  for i = 1, n do if not wills[i] then missing[#missing + 1] = "w" .. i end end
  local closes = keepalive.judge_closes(t, rows, 1, t.v5 and "MQTT-3.1.2-22" or "MQTT-3.1.2-24",
    "silent Keep Alive 1 s connection with a will")
  if #missing > 0 then
    t:fail{stmt = "MQTT-3.1.2-8", expected = "the will of every connection closed by the keep-alive",
      observed = "no will from " .. table.concat(missing, ", ") .. "; " .. closes}
  end
end
