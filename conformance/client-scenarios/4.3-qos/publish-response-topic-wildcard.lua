scenario {
  id = "4.3/qos/publish-response-topic-wildcard",
  title = "5.0: the library refuses a Response Topic holding a wildcard",
  description = [[A Response Topic must not contain wildcard characters (3.3.2-14). The
application asks to publish with Response Topic "mqc/r/#"; the library must refuse and send no
such PUBLISH. A valid publish made right after bounds the wait.]],
  role = "client",
  section = "4.3",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.3.2-14"}},
  level = "MUST",
  needs = {"publish.props"},
}

function run(t)
  local c = use("client").connect(t, {clean = true})
  use("refuse").publish(t, c, {topic = "mqc/r/req", payload = "x", qos = 0, props = {response_topic = "mqc/r/#"}},
    function(p) return p.topic == "mqc/r/req" end)
end
