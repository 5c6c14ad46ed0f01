-- hazard: backtracking pattern with six lazy wildcards over 300 bytes and no match:
--   about 10^12 steps inside one string.find call, where no hook runs
-- expect: error ERR_LUAWARD_TIMEOUT
-- needs: isolated-vm
return string.find(string.rep("a", 300), ".-.-.-.-.-.-b")
