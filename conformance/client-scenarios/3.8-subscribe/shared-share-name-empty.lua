scenario {
  id = "3.8/subscribe/shared-share-name-empty",
  title = "5.0: the library refuses a shared subscription with an empty ShareName",
  description = [[A shared filter is "$share/" + a ShareName of at least one character + "/" + a filter, so "$share//mqc/r" is not valid. The application asks the library to subscribe to it; the library must refuse
(the request fails) and send no SUBSCRIBE carrying it. A second, valid subscribe made right
after bounds the wait.]],
  role = "client",
  section = "3.8",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.8.2-1"}},
  level = "MUST",
}

function run(t)
  local c = use("client").connect(t, {clean = true})
  use("refuse").subscribe(t, c, {filter = "$share//mqc/r", qos = 0})
end
