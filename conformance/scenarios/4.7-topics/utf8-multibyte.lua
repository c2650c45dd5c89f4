scenario {
  id = "4.7/topics/utf8-multibyte",
  title = "Multi-byte UTF-8 levels are matched exactly and by '+'",
  description = [[Filter <b>/+/é matches <b>/日本/é and <b>/😀/é; not <b>/x/e (no accent folding) or <b>/x/é/y. Messages to the non-matching topics are published first, then the matching
ones (lib/topics.lua): the subscriber must receive each matching one once, in any order (delivery is
ordered per topic only), and nothing else within a 0.5 s window after them.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-4.7.3-4", "§4.7.1.3"},
  level = "MUST",
  needs = {"wildcard"},
}

function run(t)
  local b = t:topic("m")
  local yes, no = {b .. "/\xE6\x97\xA5\xE6\x9C\xAC/\xC3\xA9", b .. "/\xF0\x9F\x98\x80/\xC3\xA9"}, {b .. "/x/e", b .. "/x/\xC3\xA9/y"}
  use("topics").matches(t, b .. "/+/\xC3\xA9", yes, no)
end
