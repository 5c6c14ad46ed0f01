-- hazard: closing a coroutine runs its pending __close, which closes the previous
--   coroutine, and so on 20000 deep. Lua 5.4.4 does not count these nested closes
--   against its C-stack limit and stock Lua crashes with SIGSEGV (fixed in 5.4.5, which
--   counts from the closing thread: lua_closethread(co, L) since 5.4.6; the deprecated
--   one-argument lua_resetthread(co) still counts from zero and crashes the same way);
--   a fixed Lua raises "C stack overflow", which the chain of asserts carries to the top.
-- expect: error ERR_LUAWARD_RUNTIME /C stack overflow/
-- options: {"libs": ["base", "string", "table", "math", "coroutine"]}
-- isolate: process
local previous = false
for _ = 1, 20000 do
  local inner = previous
  previous = coroutine.create(function()
    local guard <close> = setmetatable({}, {
      __close = function()
        if inner then assert(coroutine.close(inner)) end
      end,
    })
    coroutine.yield()
  end)
  assert(coroutine.resume(previous))
end
assert(coroutine.close(previous))
return "survived"
