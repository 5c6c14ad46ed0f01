-- hazard: wrong code, silently: with 257 float constants before it, the integer 1 in
--   1 ~ (2 or 3) is a constant past MAXINDEXRK (255); Lua 5.4.0 to 5.4.4 load it into a
--   register but still code it as the K operand, and the chunk returns 0 (fixed in 5.4.5)
-- expect: result 3
local floats = {}
for i = 1, 257 do floats[i] = i .. ".5" end
local source = "local _ = {" .. table.concat(floats, ", ") .. "}\nreturn (1 ~ (2 or 3))"
return assert(load(source))()
