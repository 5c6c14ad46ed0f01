-- hazard: tostring and string.format("%p") print raw pointers: heap addresses of tables
--   and, for C functions, code addresses in the Lua library, which defeat ASLR for any
--   memory-corruption bug a script can reach
-- expect: result 0
local samples = {
  tostring({}),
  tostring(print),
  tostring(function() end),
  tostring(setmetatable({}, { __name = "Named" })),
  string.format("%s", {}),
}
-- "%p" may be refused outright; if it formats, its text is a sample like the others.
for _, value in ipairs({ {}, print }) do
  local ok, text = pcall(string.format, "%p", value)
  if ok then samples[#samples + 1] = text end
end
local disclosed = 0
for _, text in ipairs(samples) do
  local hex = text:match("0x(%x+)")
  if hex and tonumber(hex, 16) >= 0x10000 then disclosed = disclosed + 1 end
end
return disclosed
