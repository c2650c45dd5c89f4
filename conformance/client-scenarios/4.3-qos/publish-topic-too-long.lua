scenario {
  id = "4.3/qos/publish-topic-too-long",
  title = "The library refuses a Topic Name longer than 65,535 bytes",
  description = [[Topic Names encode to at most 65,535 bytes (4.7.3-3): the two-byte length prefix
cannot say more. The application asks to publish on a 65,536-byte topic; the library must refuse
rather than truncate it or wrap the length. A valid publish made right after bounds the wait: any
PUBLISH before it whose topic is not the marker's is the bad one, sent altered; a library that
writes part of the packet before giving up leaves a Remaining Length that swallows the marker, so
no marker arriving is a failure too.]],
  role = "client",
  section = "4.3",
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-4.7.3-3"}, ["5.0"] = {"MQTT-4.7.3-3"}},
  level = "MUST",
  accept_malformed = true,
}

function run(t)
  local c = use("client").connect(t, {clean = true})
  local long = "mqc/r/" .. string.rep("L", 65536 - 6)
  use("refuse").publish(t, c, {topic = long, payload = "x", qos = 0},
    function(p) return p.topic ~= "mqc/refuse/marker" end)
end
