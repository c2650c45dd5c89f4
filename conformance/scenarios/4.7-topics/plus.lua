scenario {
  id = "4.7/topics/plus",
  title = "'+' matches exactly one topic level, including an empty one",
  description = [[Filter <b>/+/c matches <b>/x/c and <b>//c (empty level), not <b>/x/y/c, <b>/c or <b>/x/c/d. Messages to the non-matching topics are published first, then the matching
ones (lib/topics.lua): the subscriber must receive each matching one once, in any order (delivery is
ordered per topic only), and nothing else within a 0.5 s window after them.]],
  versions = {"3.1", "3.1.1", "5.0"},
  statements = {"§4.7.1.3", "MQTT-4.5.0-1"},
  level = "MUST",
  needs = {"wildcard"},
}

function run(t)
  local b = t:topic("m")
  local yes, no = {b .. "/x/c", b .. "//c"}, {b .. "/x/y/c", b .. "/c", b .. "/x/c/d"}
  use("topics").matches(t, b .. "/+/c", yes, no)
end
