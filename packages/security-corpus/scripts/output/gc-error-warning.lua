-- hazard: an error in a __gc finalizer becomes a Lua warning ("error in __gc"), which
--   stock Lua writes to stderr once warnings are on
-- expect: result "done"
-- output: []
-- isolate: process
if warn then warn("@on") end
setmetatable({}, { __gc = function() error("raised in a finalizer") end })
collectgarbage()
return "done"
