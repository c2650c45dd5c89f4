scenario {
  id = "3.8/subscribe/shared-no-local",
  title = "5.0: the library refuses No Local on a shared subscription",
  description = [[Setting No Local 1 on a Shared Subscription is a Protocol Error, so "$share/g/mqc/r" with No Local must not be sent. The application asks the library to subscribe to it; the library must refuse
(the request fails) and send no SUBSCRIBE carrying it. A second, valid subscribe made right
after bounds the wait.]],
  role = "client",
  section = "3.8",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.8.3-4"}},
  level = "MUST",
}

function run(t)
  local c = use("client").connect(t, {clean = true})
  use("refuse").subscribe(t, c, {filter = "$share/g/mqc/r", qos = 0, no_local = true})
end
