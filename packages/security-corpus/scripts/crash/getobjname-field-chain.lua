-- hazard: an arithmetic error on the end of t.x.x.x... 150000 fields deep (a looping
--   __index makes every step return t): to name the operand in the message, Lua 5.4.0 to
--   5.4.6 recurse in getobjname once per field, rescanning the code at each level, and
--   after seconds in that C call overflow the C stack with SIGSEGV (fixed in 5.4.7, which
--   looks through one field only); a fixed Lua names the last field at once
-- expect: error ERR_LUAWARD_RUNTIME /attempt to perform arithmetic on a table value \(field 'x'\)/
-- isolate: process
local t = setmetatable({}, {})
getmetatable(t).__index = function() return t end
local chunk = assert(load("local t = ... return t" .. string.rep(".x", 150000) .. " + 1"))
return chunk(t)
