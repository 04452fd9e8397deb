// Package parallel runs independent pieces of work on every core there
// is, so that results do not depend on timing: Blocks hands each core a
// contiguous block of items, Ordered hands results back in item order.
package parallel

import (
	"runtime"
	"sync"
)

// Blocks splits the items 0 to n-1 into one contiguous block per core and
// calls fn(lo, hi) for each block at once, returning when all are done.
// Below min items, or on one core, it calls fn(0, n) itself: starting
// goroutines costs more than small inputs save.
func Blocks(n, min int, fn func(lo, hi int)) {
	workers := runtime.GOMAXPROCS(0)
	if n < min || workers < 2 {
		fn(0, n)
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := n*w/workers, n*(w+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(lo, hi)
		}()
	}
	wg.Wait()
}

// Ordered computes work(i) for the items 0 to n-1 on every core and
// returns them one by one, in item order, through next; at most ahead
// results are computed before the reader takes them, so memory stays
// bounded however many items there are. A reader that stops early calls
// stop, so that no more work starts.
func Ordered[T any](n, ahead int, work func(i int) T) (next func() T, stop func()) {
	results := make([]chan T, n)
	for i := range results {
		results[i] = make(chan T, 1)
	}
	slots := make(chan struct{}, max(ahead, 1))
	done := make(chan struct{})
	go func() {
		for i := range n {
			select {
			case slots <- struct{}{}: // a slot per result running or not yet taken
			case <-done:
				return
			}
			go func() { results[i] <- work(i) }()
		}
	}()
	i := 0
	next = func() T {
		r := <-results[i]
		i++
		<-slots
		return r
	}
	var once sync.Once
	stop = func() { once.Do(func() { close(done) }) }
	return next, stop
}
