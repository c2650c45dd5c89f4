scenario {
  id = "4.7/topics/no-normalisation",
  title = "Topics are not normalised: slashes and spaces are significant",
  description = [[Filter <b>/a/ (trailing slash) matches only <b>/a/; not <b>/a, <b>//a/, <b>/a// or <b>/a /. Messages to the non-matching topics are published first, then the matching
ones (lib/topics.lua): the subscriber must receive each matching one once, in any order (delivery is
ordered per topic only), and nothing else within a 0.5 s window after them.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-4.7.3-4"},
  level = "MUST",
  needs = {"wildcard"},
}

function run(t)
  local b = t:topic("m")
  local yes, no = {b .. "/a/"}, {b .. "/a", b .. "//a/", b .. "/a//", b .. "/a /"}
  use("topics").matches(t, b .. "/a/", yes, no)
end
