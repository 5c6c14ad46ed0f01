-- hazard: the script keeps everything it allocated reachable, catches the memory error
--   and carries on: it must never hold more than the limit
-- expect: result [false,"not enough memory",true]
-- execute: {"results": "all"}
-- options: {"memoryLimit": 8388608}
local hold = {}
local ok, err = pcall(function()
  while true do hold[#hold + 1] = string.rep("x", 4096) .. #hold end
end)
local used = collectgarbage("count") * 1024
return ok, err, used <= 8388608
