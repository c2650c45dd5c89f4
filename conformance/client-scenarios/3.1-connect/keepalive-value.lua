scenario {
  id = "3.1/connect/keepalive-value",
  title = "The Keep Alive the application chose is the one sent in CONNECT",
  description = [[The server times the connection out at 1.5 x the Keep Alive it reads in CONNECT;
a library that sends another value makes the server drop a healthy client or keep a dead one.]],
  role = "client",
  section = "3.1",
  versions = {"3.1.1", "5.0"},
  statements = {"§3.1.2.10"},
  level = "MUST",
}

function run(t)
  local _, connect = use("client").connect(t, {clean = true, keepalive = 37})
  t:check(connect.keepalive == 37, "Keep Alive 37", tostring(connect.keepalive))
end
