-- hazard: Lua's default warning function writes to the process's stderr once a script
--   sends "@on"; warn must write nothing anywhere: not to stderr, not to onPrint
-- expect: result "done"
-- output: []
-- isolate: process
if warn then
  warn("@on")
  warn("written to stderr by stock Lua")
end
return "done"
