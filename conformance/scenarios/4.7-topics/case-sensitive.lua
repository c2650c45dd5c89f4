scenario {
  id = "4.7/topics/case-sensitive",
  title = "Topic matching is case-sensitive",
  description = [[Filter <b>/Case matches only <b>/Case, never <b>/case or <b>/CASE. Messages to the non-matching topics are published first, then the matching
ones (lib/topics.lua): the subscriber must receive each matching one once, in any order (delivery is
ordered per topic only), and nothing else within a 0.5 s window after them.]],
  versions = {"3.1.1", "5.0"},
  statements = {"MQTT-4.7.3-4", "§4.7.3"},
  level = "MUST",
  needs = {"wildcard"},
}

function run(t)
  local b = t:topic("m")
  local yes, no = {b .. "/Case"}, {b .. "/case", b .. "/CASE"}
  use("topics").matches(t, b .. "/Case", yes, no)
end
