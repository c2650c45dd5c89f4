scenario {
  id = "ctest/unsupported-field",
  title = "A command field the driver cannot express is UNSUPPORTED",
  role = "client",
  versions = {"5.0"},
  statements = {},
  level = "MUST",
}

function run(t)
  local d = t.client
  d:publish{topic = "a", payload = "x", props = {content_type = "text/plain"}}
  error("must not get here")
end
