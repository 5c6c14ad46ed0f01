-- hazard: the script replaces the global tostring; print must not call it (Lua 5.4's
--   print converts with the library's own tostring), so the replacement cannot inject text
--   or run code from inside print
-- expect: result "done"
-- output: ["1\ttrue\tnil"]
tostring = function() return "injected" end
print(1, true, nil)
return "done"
