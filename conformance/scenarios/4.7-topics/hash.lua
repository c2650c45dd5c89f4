scenario {
  id = "4.7/topics/hash",
  title = "'#' matches the parent level and any number of child levels",
  description = [[Filter <b>/s/# matches <b>/s (parent), <b>/s/x and <b>/s/x/y/z, not <b>/sx or <b>. Messages to the non-matching topics are published first, then the matching
ones (lib/topics.lua): the subscriber must receive each matching one once, in any order (delivery is
ordered per topic only), and nothing else within a 0.5 s window after them.]],
  versions = {"3.1", "3.1.1", "5.0"},
  statements = {"§4.7.1.2", "MQTT-4.5.0-1"},
  level = "MUST",
  needs = {"wildcard"},
}

function run(t)
  local b = t:topic("m")
  local yes, no = {b .. "/s", b .. "/s/x", b .. "/s/x/y/z"}, {b .. "/sx", b}
  use("topics").matches(t, b .. "/s/#", yes, no)
end
