scenario {
  id = "4.7/topics/plus-hash",
  title = "'+' and '#' combine: <b>/+/# matches every topic below one level",
  description = [[Filter <b>/+/# matches <b>/x (the '#' parent rule) and <b>/x/y, not <b> itself. Messages to the non-matching topics are published first, then the matching
ones (lib/topics.lua): the subscriber must receive each matching one once, in any order (delivery is
ordered per topic only), and nothing else within a 0.5 s window after them.]],
  versions = {"3.1.1", "5.0"},
  statements = {"§4.7.1.2", "§4.7.1.3"},
  level = "MUST",
  needs = {"wildcard"},
}

function run(t)
  local b = t:topic("m")
  local yes, no = {b .. "/x", b .. "/x/y"}, {b}
  use("topics").matches(t, b .. "/+/#", yes, no)
end
