-- hazard: thirty greedy "a*" items over 5000 bytes and no match: the matcher tries every
--   way to split the run among them, inside one string.match call, where no hook runs
-- expect: error ERR_LUAWARD_TIMEOUT
-- needs: isolated-vm
return string.rep("a", 5000):match(string.rep("a*", 30) .. "b")
