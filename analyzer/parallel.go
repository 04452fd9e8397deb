package analyzer

import "github.com/blast-dev/blast/parallel"

// parallelFrom is the number of items from which eachIndex uses every
// core; a variable so that tests can run small inputs both ways.
var parallelFrom = 4096

// eachIndex calls fn(i) for i in [0, n) on every core there is. fn may
// read the graph, which is safe for concurrent readers while nobody
// writes it, and write only what belongs to its i.
func eachIndex(n int, fn func(i int)) {
	parallel.Blocks(n, parallelFrom, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			fn(i)
		}
	})
}
