scenario {
  id = "3.1/connect/props",
  title = "CONNECT properties are sent as the application set them",
  description = [[Session Expiry Interval, Receive Maximum, Maximum Packet Size, Topic Alias
Maximum and User Properties tell the server how to treat this client; each one dropped or changed
by the library changes what the server does (session kept or not, flow control, packet sizes).]],
  role = "client",
  section = "3.1",
  versions = {"5.0"},
  statements = {["5.0"] = {"§3.1.2.11"}},
  level = "MUST",
}

function run(t)
  local _, connect = use("client").connect(t, {clean = true, props = {
    session_expiry_interval = 120, receive_maximum = 7, maximum_packet_size = 4096,
    topic_alias_maximum = 3, user_property = {{"a", "1"}, {"b", "2"}}}})
  local p = connect.props or {}
  t:check(p.session_expiry_interval == 120, "Session Expiry Interval 120", tostring(p.session_expiry_interval))
  t:check(p.receive_maximum == 7, "Receive Maximum 7", tostring(p.receive_maximum))
  t:check(p.maximum_packet_size == 4096, "Maximum Packet Size 4096", tostring(p.maximum_packet_size))
  t:check(p.topic_alias_maximum == 3, "Topic Alias Maximum 3", tostring(p.topic_alias_maximum))
  local up = p.user_property or {}
  t:check(#up == 2 and up[1][1] == "a" and up[2][1] == "b", "User Properties (a,1) (b,2) in order",
    #up .. " user properties")
end
