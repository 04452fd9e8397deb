package output

import (
	"reflect"
	"strings"
	"testing"

	"github.com/blast-dev/blast/render"
)

// Resolve: the one-output form gives one spec (stdout for "-" or
// nothing), FORMAT[=FILE] gives one each; mixing the forms, two reports
// on stdout, one file twice and unknown formats are errors naming the
// value.
func TestResolve(t *testing.T) {
	for _, c := range []struct {
		raw       []string
		format    string
		formatSet bool
		want      []Spec
		err       string
	}{
		{nil, "text", false, []Spec{{Format: "text"}}, ""},
		{[]string{"-"}, "json", true, []Spec{{Format: "json"}}, ""},
		{[]string{"out.json"}, "json", true, []Spec{{Format: "json", File: "out.json"}}, ""},
		{[]string{"text", "json=a.json", "dot=-"}, "text", false, nil, "--output: text and dot both go to stdout"},
		{[]string{"text", "json=a.json", "dot=b.dot"}, "text", false,
			[]Spec{{Format: "text"}, {Format: "json", File: "a.json"}, {Format: "dot", File: "b.dot"}}, ""},
		{[]string{"json=a.json"}, "json", true, nil, "--format json cannot be combined"},
		{[]string{"json=a.json", "b.txt"}, "text", false, nil, "--output b.txt: a file without a format"},
		{[]string{"json=a.json", "dot=./a.json"}, "text", false, nil, "--output: ./a.json is the file of both json and dot"},
		{[]string{"yaml=a.yaml"}, "text", false, nil, `--output yaml=a.yaml: unknown format "yaml" for whatif`},
		{[]string{"a.txt", "b.txt"}, "text", false, nil, "--output: 2 files given (a.txt, b.txt)"},
		{[]string{""}, "text", false, nil, "--output: empty value"},
		{nil, "yaml", true, nil, `unknown format "yaml" for whatif`},
	} {
		got, err := Resolve(render.ViewImpact, c.raw, c.format, c.formatSet)
		switch {
		case c.err != "" && (err == nil || !strings.HasPrefix(err.Error(), c.err)):
			t.Errorf("%q --format %s: err %v, want %q", c.raw, c.format, err, c.err)
		case c.err == "" && (err != nil || !reflect.DeepEqual(got, c.want)):
			t.Errorf("%q --format %s: %+v, %v; want %+v", c.raw, c.format, got, err, c.want)
		}
	}
}
