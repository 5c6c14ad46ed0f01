-- hazard: the comparator raises in the middle of the sort
-- expect: error ERR_LUAWARD_RUNTIME /comparator failed/
-- isolate: process
table.sort({ 3, 2, 1, 5, 4 }, function() error("comparator failed") end)
