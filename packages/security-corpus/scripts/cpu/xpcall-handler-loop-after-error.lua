-- hazard: a plain error() sends control to a message handler that never returns. The
--   handler uses up the budget; the hook raises the limit error inside the handler,
--   which makes Lua call the handler again, now with hooks switched off
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 1000000}
-- isolate: process
xpcall(error, function() while true do end end)
return "escaped"
