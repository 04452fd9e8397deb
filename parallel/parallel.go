// Package parallel runs independent pieces of work on every core there
// is, so that results do not depend on timing: Blocks hands each core a
// contiguous block of items, Ordered hands results back in item order.
// A panic in a piece of work is raised again in the caller's goroutine,
// where the command line's recovery turns it into one error line: a
// panic left in a goroutine of its own would end the process with a
// stack trace and exit code 2, blast's "threshold crossed".
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
	var caught panicked
	for w := range workers {
		lo, hi := n*w/workers, n*(w+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer caught.catch()
			fn(lo, hi)
		}()
	}
	wg.Wait()
	caught.raise()
}

// Go runs each function on a goroutine of its own and returns when all
// have returned; a panic in one is raised again in the caller's. One
// function alone runs in the caller's goroutine: another would only wait.
func Go(fns ...func()) {
	if len(fns) == 1 {
		fns[0]()
		return
	}
	var wg sync.WaitGroup
	var caught panicked
	for _, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer caught.catch()
			fn()
		}()
	}
	wg.Wait()
	caught.raise()
}

// panicked keeps the first panic of several goroutines.
type panicked struct {
	mu    sync.Mutex
	value any
	set   bool
}

// catch, deferred in a goroutine, keeps its panic.
func (p *panicked) catch() {
	if r := recover(); r != nil {
		p.mu.Lock()
		if !p.set {
			p.value, p.set = r, true
		}
		p.mu.Unlock()
	}
}

// raise panics again with the panic kept, if any.
func (p *panicked) raise() {
	if p.set {
		panic(p.value)
	}
}

// outcome is a result of Ordered's work, or the panic that took its place.
type outcome[T any] struct {
	value    T
	panicked any
}

// Ordered computes work(i) for the items 0 to n-1 on every core and
// returns them one by one, in item order, through next; at most ahead
// results are computed before the reader takes them, so memory stays
// bounded however many items there are. A reader that stops early calls
// stop, so that no more work starts.
func Ordered[T any](n, ahead int, work func(i int) T) (next func() T, stop func()) {
	results := make([]chan outcome[T], n)
	for i := range results {
		results[i] = make(chan outcome[T], 1)
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
			go func() {
				var o outcome[T]
				defer func() {
					if r := recover(); r != nil {
						o.panicked = r
					}
					results[i] <- o
				}()
				o.value = work(i)
			}()
		}
	}()
	i := 0
	next = func() T {
		o := <-results[i]
		i++
		<-slots
		if o.panicked != nil {
			panic(o.panicked)
		}
		return o.value
	}
	var once sync.Once
	stop = func() { once.Do(func() { close(done) }) }
	return next, stop
}

// Later runs fn on a goroutine of its own and returns a function that
// waits for its result (every call gets the same one). A panic in fn is
// raised again in each caller that waits, as Go raises it in its
// caller's goroutine, where the command's recovery turns it into one
// line; a result nobody waits for is computed all the same.
func Later[T any](fn func() T) (wait func() T) {
	var (
		p    panicked
		out  T
		done = make(chan struct{})
	)
	go func() {
		defer close(done)
		defer p.catch()
		out = fn()
	}()
	return func() T {
		<-done
		p.raise()
		return out
	}
}
