//go:build js && wasm

// Command wasm is blast's analysis compiled to WebAssembly for the page
// blast explore writes (go generate ./explore builds it). It registers
// four functions on the page's global object and then waits for calls;
// blastOpen takes the model's binary form (a Uint8Array), the others
// take JSON strings, and all return JSON strings:
//
//	blastOpen(model)          → {}: the analysis is ready
//	blastRun(selection)       → Answer: counts and every impacted node
//	blastWhy(selection, id)   → Why: one node's state, chain and knowledge
//	blastData(selection)      → the data-loss exposure of the stores it takes down
//
// A failure returns {"error": "..."}; nothing panics across the boundary.
package main

import (
	"encoding/json"
	"syscall/js"

	"github.com/blast-dev/blast/explore/session"
)

var s *session.Session

func main() {
	js.Global().Set("blastOpen", js.FuncOf(func(_ js.Value, args []js.Value) any {
		return call(args, 1, true, func() (any, error) {
			data := make([]byte, args[0].Get("length").Int())
			js.CopyBytesToGo(data, args[0])
			var err error
			if s, err = session.Open(data); err != nil {
				return nil, err
			}
			return struct{}{}, nil
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
