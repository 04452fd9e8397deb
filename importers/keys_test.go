package importers

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTopLevelKeys(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{`{}`, nil},
		{` {"a":1, "b" : [1,{"x":"}"}], "c":{"d":"\"{"}, "e":"q\\", "f":null}`, []string{"a", "b", "c", "e", "f"}},
		{`{"resources":[{"a":"]}"}],"serial":1,"terraform_version":"1.9.8","version":4}`, []string{"resources", "serial", "terraform_version", "version"}},
		{`{"a":"x\"y","b":true}`, []string{"a", "b"}},
		{`{"a":[[[[{}]]]],"b":-1.5e3}`, []string{"a", "b"}},
		{`{"a":1,"b":`, []string{"a", "b"}},   // truncated: what was read
		{`{"a":"unterminated`, []string{"a"}}, // the key is read, the value is not
		{`{"a" 1}`, []string{"a"}},
		{`[{"a":1}]`, nil},
		{`"x"`, nil},
		{``, nil},
	} {
		want := tc.want
		if got := TopLevelKeys([]byte(tc.in)); !reflect.DeepEqual(got, want) {
			t.Errorf("TopLevelKeys(%s) = %q, want %q", tc.in, got, want)
		}
	}
}

func TestEachTopLevelKeyStops(t *testing.T) {
	// the value after the deciding key is never skipped: a broken one
	// does not matter, and the keys after it are not read
	var seen []string
	EachTopLevelKey([]byte(`{"version":4,"serial":3,"resources":[ broken`), func(key string) bool {
		seen = append(seen, key)
		return key != "serial"
	})
	if want := []string{"version", "serial"}; !reflect.DeepEqual(seen, want) {
		t.Errorf("keys read = %q, want %q", seen, want)
	}
}

// EachTopLevelValue gives each key as encoding/json decodes it, escapes
// and all, with its value's bytes, and stops when told.
func TestEachTopLevelValue(t *testing.T) {
	type kv struct{ Key, Value string }
	for _, tc := range []struct {
		in   string
		stop string
		want []kv
	}{
		{`{}`, "", nil},
		{` {"a" : 1 , "b":[1,{"x":"}"}],"c":{"d":"\"{"}}`, "", []kv{{"a", "1"}, {"b", `[1,{"x":"}"}]`}, {"c", `{"d":"\"{"}`}}},
		{`{"outp\u0075ts":{"x":{"value":"y"}},"resources":[]}`, "", []kv{{"outputs", `{"x":{"value":"y"}}`}, {"resources", "[]"}}},
		{`{"version":4,"outputs":{},"resources":[ broken`, "outputs", []kv{{"version", "4"}, {"outputs", "{}"}}},
		{`{"a":"unterminated`, "", nil},
		{`[{"a":1}]`, "", nil},
	} {
		var got []kv
		EachTopLevelValue([]byte(tc.in), func(key string, value []byte) bool {
			got = append(got, kv{key, string(value)})
			return key != tc.stop
		})
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("EachTopLevelValue(%s) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzEachTopLevelValue checks keys and values against encoding/json on
// valid objects.
func FuzzEachTopLevelValue(f *testing.F) {
	for _, s := range []string{`{}`, `{"version":4,"outputs":{"a":{"value":[1,"\""]}}}`, `{"a\"b":{"c":[1,2]} , "d" : "e"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var got []string
		EachTopLevelValue(data, func(key string, value []byte) bool {
			got = append(got, key, string(value))
			return true
		})
		if !json.Valid(data) || !utf8.Valid(data) {
			return
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			return
		}
		var want []string
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				t.Fatal(err)
			}
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				t.Fatal(err)
			}
			want = append(want, tok.(string), string(raw))
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("EachTopLevelValue = %q, encoding/json reads %q", got, want)
		}
	})
}

// decodedKeys reads the top-level keys with encoding/json, for
// comparison; ok is false when data is not one JSON object.
func decodedKeys(data []byte) (keys []string, ok bool) {
	if !json.Valid(data) {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return nil, false
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, false
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, false
		}
	}
	return keys, true
}

// FuzzTopLevelKeys checks the scanner against encoding/json on valid
// objects (keys without escapes, which it returns raw) and that it never
// panics on anything else.
func FuzzTopLevelKeys(f *testing.F) {
	for _, s := range []string{`{}`, `{"version":4,"resources":[]}`, `{"a":"\"}","b":[{"c":"]"}],"d":1}`, `{"a":{"b":{"c":[1,2,{"d":"e"}]}},"f":"\\"}`, `{"a":1,`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got := TopLevelKeys(data)
		want, ok := decodedKeys(data)
		if !ok || !utf8.Valid(data) { // encoding/json replaces invalid UTF-8
			return
		}
		for _, k := range want {
			if strings.ContainsAny(k, "\\\"") || !json.Valid([]byte(`"`+k+`"`)) {
				return // escaped in the input: the scanner returns it raw
			}
		}
		if len(got) != len(want) || (len(want) > 0 && !reflect.DeepEqual(got, want)) {
			t.Fatalf("TopLevelKeys = %q, encoding/json reads %q", got, want)
		}
	})
}
