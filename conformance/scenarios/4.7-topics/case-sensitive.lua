scenario {
  id = "4.7/topics/case-sensitive",
  title = "Topic matching is case-sensitive",
  description = [[Filter <b>/Case matches only <b>/Case, never <b>/case or <b>/CASE. Messages to the non-matching topics are published first, then the matching
ones, then a marker: the subscriber must receive exactly the matching ones, in order, then the
marker.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-4.7.3-4", "§4.7.3"},
  level = "MUST",
  needs = {"wildcard"},
}

function run(t)
  local b = t:topic("m")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, subs = {{filter = b .. "/Case", qos = 0}, {filter = b .. "-marker", qos = 0}}}
  s:expect{type = "SUBACK", id = 1}
  local p = t:connect("pub")
  local yes, no = {b .. "/Case"}, {b .. "/case", b .. "/CASE"}
  for _, tp in ipairs(no) do p:send{type = "PUBLISH", topic = tp, payload = "no", qos = 0} end
  for _, tp in ipairs(yes) do p:send{type = "PUBLISH", topic = tp, payload = "yes", qos = 0} end
  p:send{type = "PUBLISH", topic = b .. "-marker", payload = "marker", qos = 0}
  for _, tp in ipairs(yes) do
    s:expect({type = "PUBLISH", topic = tp, payload = "yes"}, {expected = "match for " .. tp})
  end
  s:expect({type = "PUBLISH", payload = "marker"}, {expected = "marker (no non-matching topic delivered)"})
end
