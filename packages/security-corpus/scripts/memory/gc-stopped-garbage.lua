-- hazard: 40 MB of short-lived garbage pass through an 8 MiB state, with the collector
--   stopped where the sandbox allows that: the cap is on live memory (Lua collects in an
--   emergency before an allocation fails), not on the total ever allocated
-- expect: result "ok"
-- options: {"memoryLimit": 8388608}
pcall(collectgarbage, "stop")
for i = 1, 10000 do
  local garbage = string.rep("x", 4096) .. i
end
return "ok"
