-- hazard: a __close handler that itself swallows errors with pcall in a loop, inside a
--   pcall in a loop: every layer of protection Lua offers, stacked
-- expect: error ERR_LUAWARD_INSTRUCTION_LIMIT
-- options: {"instructionLimit": 1000000}
local function closeForever()
  while true do pcall(function() while true do end end) end
end
while true do
  pcall(function()
    local guard <close> = setmetatable({}, { __close = closeForever })
    while true do end
  end)
end
