-- hazard: one print of 2 MiB, twice the default limit: nothing of it may reach the host
-- expect: error ERR_LUAWARD_OUTPUT_LIMIT
-- output: ["before"]
print("before")
print(string.rep("x", 2 * 1024 * 1024))
