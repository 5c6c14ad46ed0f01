-- hazard: the script catches the memory error with pcall; it must reach the script as
--   Lua's own "not enough memory", and the garbage of the failed function must be
--   reclaimed (by Lua's emergency collection) when the script allocates again
-- expect: result [false,"not enough memory",1048576]
-- execute: {"results": "all"}
-- options: {"memoryLimit": 8388608}
local ok, err = pcall(function()
  local t = {}
  while true do t[#t + 1] = string.rep("x", 4096) .. #t end
end)
local again = "y"
for _ = 1, 20 do again = again .. again end
return ok, err, #again
