-- hazard: an object with a never-ending __gc finalizer stays reachable until the engine
--   closes; lua_close runs pending finalizers, with hooks off, after the last request,
--   so close would never return
-- expect: result "kept"
-- options: {"instructionLimit": 1000000}
-- then: {"close": true}
-- then-expect: none
-- isolate: process
kept = setmetatable({}, { __gc = function() while true do end end })
return "kept"
