scenario {
  id = "3.3/publish/topic-wildcard-hash",
  title = "PUBLISH to a Topic Name containing '#' is rejected and not delivered",
  description = [[Wildcards may only appear in Topic Filters. A QoS 1 PUBLISH to "<prefix>/#" is
a protocol violation: 3.1.1 requires the close. 5.0 has the reason code 0x90 (Topic Name invalid)
in both PUBACK and DISCONNECT, so a close (with or without DISCONNECT) or a PUBACK >= 0x80 passes.
In every case the message must not reach a subscriber of the literal filter.]],
  versions = {"3.1.1", "5.0"},
  statements = {["3.1.1"] = {"MQTT-3.3.2-2", "MQTT-4.7.1-1", "MQTT-4.8.0-1"},
    ["5.0"] = {"MQTT-3.3.2-2", "MQTT-4.7.0-1", "MQTT-4.13.1-1"}},
  level = "MUST",
}

function run(t)
  use("topics").wildcard_publish_rejected(t, "#")
end
