-- hazard: string.format with widths and precisions past what its fixed-size buffer
--   allows, floats with no integer value, embedded zeros and missing arguments
-- expect: result ["invalid conversion specification: '%99999d'","invalid conversion specification: '%100d'",99,409,"number has no integer representation","1e9999","0x8000000000000000","invalid conversion '%y' to 'format'","no value","string contains zeros"]
-- isolate: process
local function attempt(f, ...)
  local ok, result = pcall(f, ...)
  if ok then return result end
  return (result:gsub("^bad argument #%d+ to '[^']*' %((.*)%)$", "%1"))
end
return {
  attempt(string.format, "%99999d", 1),
  attempt(string.format, "%100d", 1),
  #string.format("%99d", 1),
  #string.format("%.99f", 1e308),
  attempt(string.format, "%d", 2^63),
  attempt(string.format, "%q", 1 / 0),
  attempt(string.format, "%q", math.mininteger),
  attempt(string.format, "%y", 1),
  attempt(string.format, "%d"),
  attempt(string.format, "%10s", "a\0b"),
}
