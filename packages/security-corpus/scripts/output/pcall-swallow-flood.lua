-- hazard: print raises the output-limit error inside pcall, the script catches it and
--   keeps printing, then returns normally as if nothing was cut
-- expect: error ERR_LUAWARD_OUTPUT_LIMIT
-- options: {"outputLimit": 100}
-- output: ["0123456789","0123456789","0123456789","0123456789","0123456789","0123456789","0123456789","0123456789","0123456789"]
for _ = 1, 10000 do pcall(print, "0123456789") end
pcall(print, "short")
return "done"
