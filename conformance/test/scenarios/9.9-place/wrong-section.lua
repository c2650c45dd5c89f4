-- Expected: ERROR at load: the declared section is not the folder's (9.9).
scenario {
  id = "9.9/place/wrong-section",
  title = "a section that is not the folder's is refused",
  section = "9.8",
  versions = {"3.1.1"},
  statements = {},
  level = "MUST",
}

function run(t) t:pass("not reached") end
