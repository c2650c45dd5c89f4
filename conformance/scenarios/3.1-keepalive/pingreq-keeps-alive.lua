scenario {
  id = "3.1/keepalive/pingreq-keeps-alive",
  title = "A client that sends PINGREQ within Keep Alive stays connected",
  description = [[Three connections with Keep Alive 1 s, opened 0.3 s apart, each sending a PINGREQ
every 0.8 s for 3.2 s (twice the 1.5 s limit). Every PINGREQ must be answered with PINGRESP
(MUST). The cadence sits close to the Keep Alive so that a server timing clients out early (before
0.8 x Keep Alive, e.g. at 0.75 x) drops them; since the client is within its Keep Alive that is a
deviation from §3.1.2.10 but not a MUST (the spec lets a server drop a client at any time):
NON-STRICT. Script time is scaled by --time-scale and the Keep Alive on the wire is not, so the
close check stays sound up to --time-scale 1.25 only.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-3.12.4-1", "§3.1.2.10"},
  level = "MUST",
  timeout = 10,
}

function run(t)
  local keepalive = use("keepalive")
  local CADENCE = 0.8
  local rows = keepalive.watch(t, {n = 3, gap = 0.3, horizon = 3.2,
    open = function(i)
      local c = t:connect("c" .. i, {keepalive = 1})
      if keepalive.enforced(c, 1) ~= 1 then
        t:unsupported("server imposes Server Keep Alive " .. keepalive.enforced(c, 1))
      end
      return c
    end,
    tick = function(_, r, age)
      r.next = r.next or CADENCE
      if age >= r.next then
        t:check((r.pending or 0) == 0, "PINGRESP to each PINGREQ before the next one",
          string.format("%s: no PINGRESP %.1fs after a PINGREQ", r.c.name, CADENCE))
        r.c:send{type = "PINGREQ"}
        r.pending, r.pings, r.next = 1, (r.pings or 0) + 1, r.next + CADENCE
      end
    end,
    packet = function(_, r, p)
      t:check(p.type == "PINGRESP" and (r.pending or 0) > 0, "only PINGRESP, one per PINGREQ",
        r.c.name .. " received " .. tostring(p.type))
      r.pending = 0
    end})
  local lines, closed = {}, false
  for _, r in ipairs(rows) do
    lines[#lines + 1] = keepalive.describe(r) .. string.format(" (%d PINGREQs)", r.pings or 0)
    t:log(lines[#lines])
    if r.hi then closed = true end
  end
  if closed then
    t:nonstrict{expected = string.format("connections pinging every %.1fs with Keep Alive 1 s stay open", CADENCE),
      observed = table.concat(lines, "; ")}
  end
  for _, r in ipairs(rows) do
    if (r.pending or 0) > 0 then r.c:expect({type = "PINGRESP"}, {within = 1}) end
  end
end
