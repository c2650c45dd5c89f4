scenario {
  id = "4.7/topics/bom-preserved",
  title = "A leading U+FEFF (EF BB BF) in a topic is kept, not stripped",
  description = [[EF BB BF is U+FEFF and must not be skipped or stripped. Filter <b>/<BOM>x matches only the topic
with the BOM; <b>/x without it must not match. Messages to the non-matching topics are published first, then the matching
ones, then a marker: the subscriber must receive exactly the matching ones, in order, then the
marker.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-1.5.3-3", "MQTT-4.7.3-4"}, ["5.0"] = {"MQTT-1.5.4-3", "MQTT-4.7.3-4"}},
  level = "MUST",
  needs = {"wildcard"},
}

function run(t)
  local b = t:topic("m")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, subs = {{filter = b .. "/\xEF\xBB\xBFx", qos = 0}, {filter = b .. "-marker", qos = 0}}}
  s:expect{type = "SUBACK", id = 1}
  local p = t:connect("pub")
  local yes, no = {b .. "/\xEF\xBB\xBFx"}, {b .. "/x"}
  for _, tp in ipairs(no) do p:send{type = "PUBLISH", topic = tp, payload = "no", qos = 0} end
  for _, tp in ipairs(yes) do p:send{type = "PUBLISH", topic = tp, payload = "yes", qos = 0} end
  p:send{type = "PUBLISH", topic = b .. "-marker", payload = "marker", qos = 0}
  for _, tp in ipairs(yes) do
    s:expect({type = "PUBLISH", topic = tp, payload = "yes"}, {expected = "match for " .. tp})
  end
  s:expect({type = "PUBLISH", payload = "marker"}, {expected = "marker (no non-matching topic delivered)"})
end
