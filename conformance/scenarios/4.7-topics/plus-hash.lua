scenario {
  id = "4.7/topics/plus-hash",
  title = "'+' and '#' combine: <b>/+/# matches every topic below one level",
  description = [[Filter <b>/+/# matches <b>/x (the '#' parent rule) and <b>/x/y, not <b> itself. Messages to the non-matching topics are published first, then the matching
ones, then a marker: the subscriber must receive exactly the matching ones, in order, then the
marker.]],
  versions = {"3.1.1", "5.0"},
  statements = {"§4.7.1.2", "§4.7.1.3"},
  level = "MUST",
  needs = {"wildcard"},
}

function run(t)
  local b = t:topic("m")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, subs = {{filter = b .. "/+/#", qos = 0}, {filter = b .. "-marker", qos = 0}}}
  s:expect{type = "SUBACK", id = 1}
  local p = t:connect("pub")
  local yes, no = {b .. "/x", b .. "/x/y"}, {b}
  for _, tp in ipairs(no) do p:send{type = "PUBLISH", topic = tp, payload = "no", qos = 0} end
  for _, tp in ipairs(yes) do p:send{type = "PUBLISH", topic = tp, payload = "yes", qos = 0} end
  p:send{type = "PUBLISH", topic = b .. "-marker", payload = "marker", qos = 0}
  for _, tp in ipairs(yes) do
    s:expect({type = "PUBLISH", topic = tp, payload = "yes"}, {expected = "match for " .. tp})
  end
  s:expect({type = "PUBLISH", payload = "marker"}, {expected = "marker (no non-matching topic delivered)"})
end
