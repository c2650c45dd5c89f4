scenario {
  id = "3.8/subscribe/filter-plus-partial",
  title = "The library refuses a Topic Filter whose '+' shares a level",
  description = [['+' must occupy a whole level of a Topic Filter, so "mqc/r/b+" is not a valid filter. The application asks the library to subscribe to it; the library must refuse
(the request fails) and send no SUBSCRIBE carrying it. A second, valid subscribe made right
after bounds the wait.]],
  role = "client",
  section = "3.8",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.7.1-3"}, ["5.0"] = {"MQTT-4.7.1-2"}},
  level = "MUST",
}

function run(t)
  local c = use("client").connect(t, {clean = true})
  use("refuse").subscribe(t, c, {filter = "mqc/r/b+", qos = 0})
end
