//go:build js && wasm

// Command wasm is blast's analysis compiled to WebAssembly for the page
// blast explore writes (go generate ./explore builds it). It registers
// four functions on the page's global object and then waits for calls;
// blastOpen takes the model's binary form (a Uint8Array), the others
// take JSON strings, and all return JSON strings:
//
//	blastOpen(model)          → the analysis is ready: the time of each phase (ms)
//	blastRun(selection)       → Answer: counts and every impacted node
//	blastWhy(selection, id)   → Why: one node's state, chain and knowledge
//	blastData(selection)      → the data-loss exposure of the stores it takes down
//	blastIdle()               → collecting garbage, held off while the page opens, resumes
//
// A failure returns {"error": "..."}; nothing panics across the boundary.
package main

import (
	"encoding/json"
	"runtime/debug"
	"syscall/js"
	"time"

	"github.com/blast-dev/blast/analyzer/platform"
	"github.com/blast-dev/blast/explore/session"
)

var s *session.Session

func main() {
	js.Global().Set("blastOpen", js.FuncOf(func(_ js.Value, args []js.Value) any {
		return call(args, 1, true, func() (any, error) {
			// opening allocates the whole graph at once: collecting
			// garbage meanwhile only slows it down, and the first
			// collection marks the whole graph; it waits for blastIdle
			debug.SetGCPercent(-1)
			// the phases are timed for the page's benchmark
			t0 := time.Now()
			// the knowledge compiled in (knowledge_gen.go); should it not
			// check, the embedded TOML is decoded instead
			_ = platform.UseDecoded(knowledge)
			platform.Default()
			t1 := time.Now()
			data := make([]byte, args[0].Get("length").Int())
			js.CopyBytesToGo(data, args[0])
			var m session.Model
			if err := m.UnmarshalBinary(data); err != nil {
				return nil, err
			}
			t2 := time.Now()
			var err error
			if s, err = session.FromModel(&m); err != nil {
				return nil, err
			}
			ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
			return map[string]float64{"knowledge": ms(t1.Sub(t0)), "decode": ms(t2.Sub(t1)), "graph": ms(time.Since(t2))}, nil
		})
	}))
	js.Global().Set("blastRun", js.FuncOf(func(_ js.Value, args []js.Value) any {
		return call(args, 1, false, func() (any, error) {
			sel, err := selection(args[0])
			if err != nil {
				return nil, err
			}
			return s.Run(sel)
		})
	}))
	js.Global().Set("blastWhy", js.FuncOf(func(_ js.Value, args []js.Value) any {
		return call(args, 2, false, func() (any, error) {
			sel, err := selection(args[0])
			if err != nil {
				return nil, err
			}
			return s.Why(sel, args[1].String())
		})
	}))
	js.Global().Set("blastIdle", js.FuncOf(func(_ js.Value, _ []js.Value) any {
		debug.SetGCPercent(100)
		return nil
	}))
	js.Global().Set("blastData", js.FuncOf(func(_ js.Value, args []js.Value) any {
		return call(args, 1, false, func() (any, error) {
			sel, err := selection(args[0])
			if err != nil {
				return nil, err
			}
			return s.Data(sel)
		})
	}))
	select {}
}

func selection(v js.Value) (session.Selection, error) {
	var sel session.Selection
	err := json.Unmarshal([]byte(v.String()), &sel)
	return sel, err
}

// call checks the arguments (and, unless fn opens the session, that
// one is open), runs fn and returns its answer as JSON, or
// {"error": ...}.
func call(args []js.Value, n int, open bool, fn func() (any, error)) any {
	fail := func(msg string) any {
		b, _ := json.Marshal(map[string]string{"error": msg})
		return string(b)
	}
	if len(args) != n {
		return fail("wrong number of arguments")
	}
	if s == nil && !open {
		return fail("blastOpen first")
	}
	v, err := fn()
	if err != nil {
		return fail(err.Error())
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fail(err.Error())
	}
	return string(b)
}
