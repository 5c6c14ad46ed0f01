-- hazard: print writes to the process's stdout, where a worker speaks its protocol; it
--   must reach onPrint only
-- expect: result "done"
-- output: ["to onPrint only","second line"]
-- isolate: process
print("to onPrint only")
print("second line")
return "done"
