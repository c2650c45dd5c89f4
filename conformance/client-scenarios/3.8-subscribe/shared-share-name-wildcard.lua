scenario {
  id = "3.8/subscribe/shared-share-name-wildcard",
  title = "5.0: the library refuses a ShareName holding a wildcard",
  description = [[A ShareName must not contain '/', '+' or '#', so "$share/a+b/mqc/r" is not valid. The application asks the library to subscribe to it; the library must refuse
(the request fails) and send no SUBSCRIBE carrying it. A second, valid subscribe made right
after bounds the wait.]],
  role = "client",
  section = "3.8",
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-4.8.2-2"}},
  level = "MUST",
}

function run(t)
  local c = use("client").connect(t, {clean = true})
  use("refuse").subscribe(t, c, {filter = "$share/a+b/mqc/r", qos = 0})
end
