-- hazard: the limit error is raised from inside the count hook, where Lua has switched
--   hooks off; Lua calls xpcall's message handler right there, before unwinding, so a
--   handler that never returns runs with no hook to stop it
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 1000000}
-- isolate: process
local ok, err = xpcall(function() while true do end end, function() while true do end end)
return "escaped", ok, err
