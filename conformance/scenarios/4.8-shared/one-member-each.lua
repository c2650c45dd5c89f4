scenario {
  id = "4.8/shared/one-member-each",
  title = "5.0: each message on a shared subscription goes to exactly one member",
  description = [[Two clients subscribe "$share/g/<T>". Ten QoS 1 messages to T must be delivered
ten times in total (each to one member), none twice; a plain subscriber of T gets all ten as a
control. Distribution between members is not specified.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"§4.8.2", "MQTT-4.8.2-3"}},
  level = "MUST",
  needs = {"shared", "qos1", "grant_qos1"},
}

function run(t)
  local tp = t:topic("sh")
  local share = "$share/" .. t:client_id("g"):gsub("[^%w]", "") .. "/" .. tp
  local m1, m2 = t:connect("m1"), t:connect("m2")
  for _, c in ipairs({m1, m2}) do
    c:send{type = "SUBSCRIBE", id = 1, filter = share, qos = 1}
    t:subscribed(c, {type = "SUBACK", id = 1, reasons = {1}})
  end
  local ctl = t:connect("ctl")
  ctl:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  t:subscribed(ctl, {type = "SUBACK", id = 1})
  local p = t:connect("p")
  for i = 1, 10 do
    p:send{type = "PUBLISH", topic = tp, payload = tostring(i), qos = 1, id = i}
    p:expect{type = "PUBACK", id = i}
  end
  for i = 1, 10 do ctl:expect{type = "PUBLISH", payload = tostring(i)} end
  -- the members' copies are not ordered against the control client's, nor
  -- against a PINGRESP: collect until ten have come (bounded by 2 s), then a
  -- bounded silence window for a copy too many
  local seen, total, waited = {}, 0, 0
  local function take(c, m)
    c:send{type = "PUBACK", id = m.id}
    t:check(not seen[m.payload], "each message once", "message " .. m.payload .. " delivered twice")
    seen[m.payload] = true
    total = total + 1
  end
  while total < 10 and waited < 2 do
    local got = false
    for _, c in ipairs({m1, m2}) do
      local m = c:recv{within = 0.025}
      if m and m.type == "PUBLISH" then take(c, m); got = true end
    end
    if not got then waited = waited + 0.05 end
  end
  local verify = use("verify")
  for _, c in ipairs({m1, m2}) do
    verify.none_within(t, c, verify.WINDOW / 2, function(m)
      if m.type == "PUBLISH" then take(c, m) end
      return false
    end, "further copy")
  end
  t:check(total == 10, "10 deliveries across the members", total .. " deliveries")
end
