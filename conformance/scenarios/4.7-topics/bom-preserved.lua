scenario {
  id = "4.7/topics/bom-preserved",
  title = "A leading U+FEFF (EF BB BF) in a topic is kept, not stripped",
  description = [[EF BB BF is U+FEFF and must not be skipped or stripped. Filter <b>/<BOM>x matches only the topic
with the BOM; <b>/x without it must not match. Messages to the non-matching topics are published first, then the matching
ones (lib/topics.lua): the subscriber must receive each matching one once, in any order (delivery is
ordered per topic only), and nothing else within a 0.5 s window after them.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-1.5.3-3", "MQTT-4.7.3-4"}, ["5.0"] = {"MQTT-1.5.4-3", "MQTT-4.7.3-4"}},
  level = "MUST",
  needs = {"wildcard"},
}

function run(t)
  local b = t:topic("m")
  local yes, no = {b .. "/\xEF\xBB\xBFx"}, {b .. "/x"}
  use("topics").matches(t, b .. "/\xEF\xBB\xBFx", yes, no)
end
