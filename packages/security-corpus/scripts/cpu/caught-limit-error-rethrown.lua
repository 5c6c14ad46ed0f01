-- hazard: the script catches the limit error once and returns normally, handing the
--   host its error value as an ordinary result
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 1000000}
local ok, err = pcall(function() while true do end end)
return ok, err
