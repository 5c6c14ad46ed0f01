-- hazard: one print with a thousand arguments: the tabs between them count too
--   (1000 bytes of "x" and 999 tabs, plus the newline, exceed a 1000-byte limit)
-- expect: error ERR_LUAWARD_OUTPUT_LIMIT
-- options: {"outputLimit": 1000}
-- output: []
local args = {}
for i = 1, 1000 do args[i] = "x" end
print(table.unpack(args))
