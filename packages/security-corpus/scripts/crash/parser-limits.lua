-- hazard: source generated to hit each of the parser's fixed limits: locals, upvalues,
--   registers and nesting depth. Each must fail to compile with Lua's message (only the
--   first line is kept: the rest may be a traceback added by a message handler).
-- expect: result ["[string \"local v1 = 1...\"]:201: too many local variables (limit is 200) in main function near '='","[string \"local u1 = 1 local u2 = 2 local u3 = 3 local ...\"]:1: too many upvalues (limit is 255) in function at line 1 near '+'","[string \"f(1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1...\"]:1: function or expression needs too many registers near '1'","C stack overflow","C stack overflow"]
-- isolate: process
local function compileError(source)
  local f, err = load(source)
  return f and "compiled" or err:match("^[^\n]*")
end
local locals = {}
for i = 1, 201 do locals[i] = "local v" .. i .. " = " .. i end
local upvalues, names = {}, {}
for i = 1, 300 do
  upvalues[i] = "local u" .. i .. " = " .. i
  names[i] = "u" .. i
end
return {
  compileError(table.concat(locals, "\n")),
  compileError(table.concat(upvalues, " ", 1, 150) .. " return function() "
    .. table.concat(upvalues, " ", 151, 300) .. " return function() return "
    .. table.concat(names, "+") .. " end end"),
  compileError("f(" .. string.rep("1,", 300) .. "1)"),
  compileError("return " .. string.rep("(", 300) .. "1" .. string.rep(")", 300)),
  compileError(string.rep("do ", 300) .. string.rep("end ", 300)),
}
