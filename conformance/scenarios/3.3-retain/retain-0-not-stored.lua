scenario {
  id = "3.3/retain/retain-0-not-stored",
  title = "A PUBLISH with RETAIN 0 neither stores nor replaces the retained message",
  description = [[Retained "kept" exists; then a non-retained "live" is published on the topic.
A new subscriber must get "kept" (RETAIN 1), never "live".]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.3.1-12"}, ["5.0"] = {"MQTT-3.3.1-8"}},
  level = "MUST",
  needs = {"retain"},
}

function run(t)
  local tp = t:topic("r")
  local witness = use("witness")
  local w = witness.open(t, tp)
  local p = t:connect("pub")
  p:send{type = "PUBLISH", topic = tp, payload = "kept", qos = 0, retain = true}
  p:send{type = "PUBLISH", topic = tp, payload = "live", qos = 0, retain = false}
  witness.saw(t, w, {"kept", "live"}) -- the broker has processed them
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, filter = tp, qos = 0}
  use("suback").with_retained(s, {type = "SUBACK", id = 1}, {{type = "PUBLISH", topic = tp, payload = "kept", retain = true}})
  p:send{type = "PUBLISH", topic = tp, payload = "", qos = 0, retain = true}
end
