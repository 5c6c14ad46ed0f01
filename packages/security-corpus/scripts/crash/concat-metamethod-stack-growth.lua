-- hazard: a __concat metamethod that grows the Lua stack (so that Lua moves it) in the
--   middle of a multi-operand concatenation: luaV_concat then sets the stack top from a
--   pointer into the old, freed stack. Upstream 5.4.4 is not affected; the bug came with
--   the fix for CVE-2022-33099 (upstream commit 42d40581, fixed days later by 603b2c64,
--   both in 5.4.5), and Debian bookworm's 5.4.4-3 carries the first without the second,
--   so its Lua crashes with SIGSEGV; a fixed Lua returns the concatenation
-- expect: result "abM"
-- isolate: process
local function deep(n)
  if n > 0 then return deep(n - 1) + 0 end
  return 0
end
local o = setmetatable({}, {
  __concat = function()
    deep(20000) -- 20000 frames: the stack must grow, and moves
    return "M"
  end,
})
collectgarbage() -- shrinks the stack back first
return "a" .. "b" .. o .. "c" .. "d"
