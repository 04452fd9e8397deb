package analyzer

import (
	"runtime"
	"sync"
)

// parallelFrom is the number of items from which forEach uses every core
var parallelFrom = 4096 // a variable so that tests can run small inputs both ways

// forEach calls fn(i) for i in [0, n) on every core there is, in
// contiguous blocks (inline below parallelFrom). fn may read the graph,
// which is safe for concurrent readers while nobody writes it, and write
// only what belongs to its i.
func forEach(n int, fn func(i int)) {
	workers := runtime.GOMAXPROCS(0)
	if n < parallelFrom || workers < 2 {
		for i := range n {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := n*w/workers, n*(w+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				fn(i)
			}
		}()
	}
	wg.Wait()
}
