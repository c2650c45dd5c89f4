-- Finding (mosquitto 2.0.11): grants the subscription (SUBACK 0x00).
scenario {
  id = "4.8/shared/no-local-protocol-error",
  title = "5.0: No Local on a shared subscription is a Protocol Error",
  description = [[Setting No Local 1 on a "$share/..." subscription is a Protocol Error; the server
must close (DISCONNECT 0x82 ideally). A SUBACK granting it is a failure.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.8.3-4", "MQTT-4.13.1-1"}},
  level = "MUST",
  needs = {"shared"},
}

function run(t)
  local verify = use("verify")
  local c = t:connect("c1")
  local share = "$share/g" .. t:client_id("x"):gsub("[^%w]", "") .. "/" .. t:topic("s")
  c:send_unchecked{type = "SUBSCRIBE", id = 1, subs = {{filter = share, qos = 0, no_local = true}}}
  verify.refused(t, c, nil)
end
