-- hazard: the output budget is per request: a later call starts with a fresh one
--   (with newlines, execute prints 30 bytes and the call 32, of a 40-byte limit)
-- expect: none
-- options: {"outputLimit": 40}
-- output: ["execute-line-1","execute-line-2","call-line-one-1","call-line-one-2"]
-- then: {"call": "printTwo", "args": ["call-line-one"]}
-- then-expect: result "printed"
function printTwo(prefix)
  print(prefix .. "-1")
  print(prefix .. "-2")
  return "printed"
end
print("execute-line-1")
print("execute-line-2")
