scenario {
  id = "3.14/disconnect/server-closes-after-disconnect",
  title = "After a client DISCONNECT the server sends nothing more and closes",
  description = [[The client sends DISCONNECT but keeps its socket open. The server must close the
network connection if the client has not (3.14.4: SHOULD) and send no packet. A server that waits
for the client to close, or answers anything, is reported as NON-STRICT.]],
  versions = {"3.1.1", "5.0"},
  statements = {"§3.14.4"},
  level = "SHOULD",
}

function run(t)
  local c = t:connect("c1")
  c:send{type = "DISCONNECT"}
  c:expect_one_of({{closed = true}}, {within = 2})
end
