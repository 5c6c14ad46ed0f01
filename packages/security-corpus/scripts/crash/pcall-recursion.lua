-- hazard: each level of recursion goes through pcall, a C function, so the depth is
--   bounded by the C-stack limit; the innermost pcall catches "C stack overflow" and all
--   the levels return normally
-- expect: result true
-- isolate: process
local depth = 0
local function f()
  depth = depth + 1
  pcall(f)
end
f()
return depth > 100 and depth < 1000
