scenario {
  id = "t/b-after",
  title = "runs after the crash: must be reported as not run",
  versions = {"3.1.1"},
  statements = {},
  level = "MUST",
  alone = true,
}
function run(t)
  t:connect("c1")
end
