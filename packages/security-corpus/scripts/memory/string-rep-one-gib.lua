-- hazard: one call asks for a 1 GiB string, far past the memory limit but under Lua's
--   own 2 GiB string cap, so only the allocator cap stands in the way
-- expect: error ERR_LUAWARD_MEMORY_LIMIT
-- options: {"memoryLimit": 8388608}
return #string.rep("x", 1 << 30)
