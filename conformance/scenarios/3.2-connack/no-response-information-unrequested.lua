scenario {
  id = "3.2/connack/no-response-information-unrequested",
  title = "5.0: without Request Response Information the CONNACK carries no Response Information",
  description = [[Request Response Information defaults to 0 and we send it explicitly as 0. The
server must then not return a Response Information property.]],
  versions = {"5.0"},
  statements = {["5.0"] = {"MQTT-3.1.2-28"}},
  level = "MUST",
}

function run(t)
  local c = t:connect("c1", {props = {request_response_information = 0}})
  t:check(c.connack.props == nil or c.connack.props.response_information == nil,
    "no Response Information", "Response Information present")
end
