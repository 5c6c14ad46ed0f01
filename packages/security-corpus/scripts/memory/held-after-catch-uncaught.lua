-- hazard: after catching one memory error while holding everything, the next allocation
--   fails too; uncaught, it must reach the host as a memory error, not a runtime error
-- expect: error ERR_LUAWARD_MEMORY_LIMIT
-- options: {"memoryLimit": 8388608}
local hold = {}
pcall(function()
  while true do hold[#hold + 1] = string.rep("x", 4096) .. #hold end
end)
return #string.rep("z", 1 << 20)
