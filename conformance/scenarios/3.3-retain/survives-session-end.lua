scenario {
  id = "3.3/retain/survives-session-end",
  title = "Retained messages outlive the session of the client that published them",
  description = [[A clean-session client publishes a retained message and disconnects (its session
ends). Retained messages are not session state, so a later subscriber still receives it.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.1.2-7"}, ["5.0"] = {"§4.1"}},
  level = "MUST",
  needs = {"retain"},
}

function run(t)
  local tp = t:topic("r")
  local witness = use("witness")
  local w = witness.open(t, tp)
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "stays", qos = 0, retain = true}
  witness.saw(t, w, {"stays"}) -- the broker has processed them
  p:send{type = "DISCONNECT"}
  p:close()
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  use("suback").with_retained(s, {type = "SUBACK", id = 1}, {{type = "PUBLISH", topic = tp, payload = "stays", retain = true}})
  s:send{type = "PUBLISH", topic = tp, payload = "", qos = 0, retain = true}
end
