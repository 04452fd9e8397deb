package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"sync/atomic"

	"github.com/blast-dev/blast/parallel"
)

// jsonList is one top-level list of a JSON document written by
// writeJSONLists: the key it sits under and its elements.
type jsonList interface {
	key() string
	len() int
	// encode appends elements [lo, hi) to dst, each indented as an
	// element of a top-level list, separated by ",\n    ".
	encode(dst []byte, lo, hi int) ([]byte, error)
}

type listOf[T any] struct {
	name  string
	items []T
}

// list is the jsonList of items under name.
func list[T any](name string, items []T) jsonList { return listOf[T]{name, items} }

func (l listOf[T]) key() string { return l.name }
func (l listOf[T]) len() int    { return len(l.items) }

func (l listOf[T]) encode(dst []byte, lo, hi int) ([]byte, error) {
	var compact bytes.Buffer
	enc := json.NewEncoder(&compact)
	enc.SetEscapeHTML(false)
	for i := lo; i < hi; i++ {
		compact.Reset()
		if err := enc.Encode(l.items[i]); err != nil {
			return dst, err
		}
		if i > lo {
			dst = append(dst, ",\n    "...)
		}
		dst, _ = indentJSON(dst, bytes.TrimSuffix(compact.Bytes(), []byte{'\n'}), 2)
	}
	return dst, nil
}

// eachElement appends elements [lo, hi) to dst as a jsonList's encode
// does, each appended by element, separated as the list's elements are.
func eachElement(dst []byte, lo, hi int, element func(dst []byte, i int) []byte) []byte {
	for i := lo; i < hi; i++ {
		if i > lo {
			dst = append(dst, ",\n    "...)
		}
		dst = element(dst, i)
	}
	return dst
}

// listChunk is how many elements one piece of work encodes, unless the
// list says otherwise (chunked).
const listChunk = 512

// chunked is a jsonList whose elements are large: chunk says how many
// make one piece of work, so that a piece's buffer stays a few hundred
// kilobytes (each buffer is fresh memory, dear to touch the first time).
type chunked interface {
	chunk() int
}

// chunkOf is how many of l's elements one piece of work encodes.
func chunkOf(l jsonList) int {
	if c, ok := l.(chunked); ok {
		return max(1, c.chunk())
	}
	return listChunk
}

// writeJSONLists writes doc as writeJSON does, where doc holds each of
// lists' keys as an empty list at its top level, filled with the list's
// elements: those are encoded on every core, a chunk at a time, and
// written in order, so that the report of a large state (a hundred
// thousand nodes) is not encoded on one core. The output is byte for
// byte writeJSON's of the filled document. A list made by omitted is
// not in doc at all (a field left out when empty) and is written, when
// it has elements, just before its next key. lists are in the
// document's order.
func writeJSONLists(w io.Writer, doc any, lists ...jsonList) error {
	var head bytes.Buffer
	if err := encodeIndented(&head, doc); err != nil {
		return err
	}
	rest := head.Bytes()
	for _, l := range lists {
		// where the list's elements go in rest, and what opens and
		// closes them there
		var at int
		var open, end string
		if o, ok := l.(omittedList); ok {
			if l.len() == 0 {
				continue
			}
			// the key before next is not the document's first (a report
			// starts with its schema version): a comma ends it already
			if at = bytes.Index(rest, []byte("\n  \""+o.next+"\": ")); at < 0 {
				return fmt.Errorf("render: no %q at the top of the document to write %q before", o.next, l.key())
			}
			open, end = "\n  \""+l.key()+"\": [\n    ", "\n  ],"
		} else {
			marker := []byte("\n  \"" + l.key() + "\": [")
			if at = bytes.Index(rest, append(marker, ']')); at < 0 {
				return fmt.Errorf("render: no empty %q list at the top of the document", l.key())
			}
			at += len(marker)
			open, end = "\n    ", "\n  "
		}
		if _, err := w.Write(rest[:at]); err != nil {
			return err
		}
		rest = rest[at:]
		if l.len() == 0 {
			continue
		}
		if _, err := io.WriteString(w, open); err != nil {
			return err
		}
		if err := writeElements(w, l); err != nil {
			return err
		}
		if _, err := io.WriteString(w, end); err != nil {
			return err
		}
	}
	_, err := w.Write(rest)
	return err
}

// omittedList is a top-level list that its document leaves out when it
// is empty (omitempty), written before the key next.
type omittedList struct {
	jsonList
	next string
}

// omitted is l for writeJSONLists when the document leaves l's key out
// (its field nil, omitempty) and next is the top-level key that follows
// it: l's elements are then encoded a chunk at a time on every core like
// any list's, not by encoding/json with the rest of the document (a
// region's data exposures run to thousands on a large state).
func omitted(l jsonList, next string) jsonList { return omittedList{l, next} }

// writeElements encodes a list's elements in chunks on every core, at
// most a few chunks ahead of the writer, and writes them in order.
func writeElements(w io.Writer, l jsonList) error {
	n := l.len()
	type piece struct {
		buf []byte
		err error
	}
	ahead := 2 * runtime.GOMAXPROCS(0)
	// a chunk's buffer, once written, is handed back for a later chunk:
	// at most ahead+1 buffers are in use at once, kept here (not in a
	// sync.Pool, which a collection empties), and one smaller than the
	// largest chunk so far is replaced by one an eighth larger than it,
	// not grown by doubling
	spare := make(chan []byte, ahead+1)
	var largest atomic.Int64
	size := chunkOf(l)
	next, stop := parallel.Ordered((n+size-1)/size, ahead, func(i int) piece {
		var dst []byte
		select {
		case dst = <-spare:
		default:
		}
		if size := largest.Load(); int64(cap(dst)) < size {
			dst = make([]byte, 0, size+size/8) // not grown by doubling from a smaller one
		}
		buf, err := l.encode(dst[:0], i*size, min(n, (i+1)*size))
		if size := int64(len(buf)); size > largest.Load() {
			largest.Store(size) // a race lost only sizes a buffer smaller
		}
		return piece{buf, err}
	})
	defer stop()
	for i := 0; i*size < n; i++ {
		p := next()
		if p.err != nil {
			return p.err
		}
		if i > 0 {
			if _, err := io.WriteString(w, ",\n    "); err != nil {
				return err
			}
		}
		if _, err := w.Write(p.buf); err != nil {
			return err
		}
		select {
		case spare <- p.buf:
		default:
		}
	}
	return nil
}
