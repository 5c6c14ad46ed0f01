-- hazard: stock Lua 5.4.4's math.randomseed() returns the seed it used: time(NULL) and
--   the address of the lua_State, which discloses the heap layout (defeats ASLR)
-- expect: result true
local function looksLikeAddress(v)
  return math.type(v) == "integer" and v >= 1 << 32 and v < 1 << 48 and v % 8 == 0
end
local a, b = math.randomseed()
return not looksLikeAddress(a) and not looksLikeAddress(b)
