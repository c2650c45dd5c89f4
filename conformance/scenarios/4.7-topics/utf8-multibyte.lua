scenario {
  id = "4.7/topics/utf8-multibyte",
  title = "Multi-byte UTF-8 levels are matched exactly and by '+'",
  description = [[Filter <b>/+/é matches <b>/日本/é and <b>/😀/é; not <b>/x/e (no accent folding) or <b>/x/é/y. Messages to the non-matching topics are published first, then the matching
ones, then a marker: the subscriber must receive exactly the matching ones, in order, then the
marker.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-4.7.3-4", "§4.7.1.3"},
  level = "MUST",
  needs = {"wildcard"},
}

function run(t)
  local b = t:topic("m")
  local s = t:connect("sub")
  s:send{type = "SUBSCRIBE", id = 1, subs = {{filter = b .. "/+/\xC3\xA9", qos = 0}, {filter = b .. "-marker", qos = 0}}}
  s:expect{type = "SUBACK", id = 1}
  local p = t:connect("pub")
  local yes, no = {b .. "/\xE6\x97\xA5\xE6\x9C\xAC/\xC3\xA9", b .. "/\xF0\x9F\x98\x80/\xC3\xA9"}, {b .. "/x/e", b .. "/x/\xC3\xA9/y"}
  for _, tp in ipairs(no) do p:send{type = "PUBLISH", topic = tp, payload = "no", qos = 0} end
  for _, tp in ipairs(yes) do p:send{type = "PUBLISH", topic = tp, payload = "yes", qos = 0} end
  p:send{type = "PUBLISH", topic = b .. "-marker", payload = "marker", qos = 0}
  for _, tp in ipairs(yes) do
    s:expect({type = "PUBLISH", topic = tp, payload = "yes"}, {expected = "match for " .. tp})
  end
  s:expect({type = "PUBLISH", payload = "marker"}, {expected = "marker (no non-matching topic delivered)"})
end
