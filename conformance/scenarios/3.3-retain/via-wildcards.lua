scenario {
  id = "3.3/retain/via-wildcards",
  title = "Retained messages of every matching topic are sent on a wildcard subscription",
  description = [[Retained messages on <p>/a, <p>/b/c and <p>/d. Subscribing to "<p>/#" must deliver
all three (each flagged RETAIN 1, any order); "<p>/+" must deliver <p>/a and <p>/d only.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.3.1-6", "MQTT-3.3.1-8"}, ["5.0"] = {"MQTT-3.3.1-9"}},
  level = "MUST",
  needs = {"retain", "wildcard"},
}

function run(t)
  local base = t:topic("rw")
  local topics = {base .. "/a", base .. "/b/c", base .. "/d"}
  local witness = use("witness")
  local w = witness.open(t, base .. "/#")
  local p = t:connect("pub")
  for _, tp in ipairs(topics) do p:send{type = "PUBLISH", topic = tp, payload = tp, qos = 0, retain = true} end
  witness.saw(t, w, topics) -- the broker has processed them
  local function collect(filter, n)
    local s = t:connect("s" .. filter:sub(-1))
    s:send{type = "SUBSCRIBE", id = 1, filter = filter, qos = 0}
    local pats = {}
    for i = 1, n do pats[i] = {type = "PUBLISH", retain = true} end
    local r = {use("suback").with_retained(s, {type = "SUBACK", id = 1}, pats)}
    local got = {}
    for i = 2, #r do got[r[i].topic] = true end
    p:send{type = "PUBLISH", topic = base .. "/a", payload = "marker", qos = 0}
    s:expect({type = "PUBLISH", payload = "marker"}, {expected = "no further retained messages"})
    return got
  end
  local all = collect(base .. "/#", 3)
  local plus = collect(base .. "/+", 2)
  for _, tp in ipairs(topics) do p:send{type = "PUBLISH", topic = tp, payload = "", qos = 0, retain = true} end
  for _, tp in ipairs(topics) do t:check(all[tp], tp .. " via #", "missing") end
  t:check(plus[base .. "/a"] and plus[base .. "/d"], "a and d via +", "missing")
end
