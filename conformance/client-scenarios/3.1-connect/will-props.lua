scenario {
  id = "3.1/connect/will-props",
  title = "Will Properties (delay, content type, user property) are sent as set",
  description = [[In 5.0 the will carries its own properties: Will Delay Interval postpones it,
Content Type and User Properties are forwarded to subscribers. They sit in the payload before the
Will Topic and must arrive unchanged.]],
  role = "client",
  section = "3.1",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.2-9", "MQTT-3.1.3-1", "§3.1.3.2"}},
  level = "MUST",
  needs = {"will.props"},
}

function run(t)
  local _, connect = use("client").connect(t, {clean = true,
    will = {topic = "mqc/will/p", payload = "x", qos = 0,
      props = {will_delay_interval = 30, content_type = "text/plain", user_property = {{"k", "v"}}}}})
  local w = connect.will
  t:check(w ~= nil, "a will in CONNECT", "no will")
  local p = w.props or {}
  t:check(p.will_delay_interval == 30, "Will Delay Interval 30", tostring(p.will_delay_interval))
  t:check(p.content_type == "text/plain", "Content Type text/plain", tostring(p.content_type))
  local up = p.user_property or {}
  t:check(#up == 1 and up[1][1] == "k" and up[1][2] == "v", "User Property (k, v)", tostring(#up) .. " user properties")
end
