-- hazard: the error value is a table whose __tostring never returns; turning it into a
--   message for the host must not call it outside the budget
-- expect: error ERR_LUAWARD_RUNTIME
-- options: {"instructionLimit": 1000000}
-- isolate: process
error(setmetatable({}, { __tostring = function() while true do end end }))
