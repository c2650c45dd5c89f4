-- spawn_test.sh: a case that is still running when mqttcheck is killed.
scenario {
  id = "t/slow",
  title = "connects and waits 60 s",
  versions = {"3.1.1"},
  statements = {},
  level = "MUST",
  timeout = 90,
}
function run(t)
  t:connect("c1")
  t:sleep(60)
end
