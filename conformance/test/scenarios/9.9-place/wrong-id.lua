-- Expected: ERROR at load: the id does not match the file (9.9/place/wrong-id).
scenario {
  id = "9.9/place/another-name",
  title = "an id that does not match its file is refused",
  versions = {"3.1.1"},
  statements = {},
  level = "MUST",
}

function run(t) t:pass("not reached") end
