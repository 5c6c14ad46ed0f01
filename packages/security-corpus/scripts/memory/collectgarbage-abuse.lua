-- hazard: every collectgarbage option with extreme arguments (stop the collector, a pause
--   of 1000%, generational mode, a huge step) before 40 MB of garbage passes through an
--   8 MiB state: whatever the script manages to set, the cap and Lua's emergency
--   collection must still hold
-- expect: result "ok"
-- options: {"memoryLimit": 8388608}
local attempts = {
  { "stop" }, { "restart" }, { "setpause", 1000 }, { "setstepmul", 1 },
  { "incremental", 1000, 1, 1 }, { "generational", 100, 100 }, { "step", math.maxinteger },
  { "count" }, { "isrunning" }, { "collect" }, { "stop" },
}
for _, arguments in ipairs(attempts) do pcall(collectgarbage, table.unpack(arguments)) end
for i = 1, 10000 do
  local garbage = string.rep("x", 4096) .. i
end
return "ok"
