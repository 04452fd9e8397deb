package platform

import (
	"reflect"
	"testing"
)

// Knowledge built from decoded files (EmbeddedFiles, as blast explore's
// WebAssembly compiles them in) is the knowledge decoded from TOML, and
// a file that does not check is refused as decoding it would be.
func TestBuildFromDecodedFiles(t *testing.T) {
	files, err := EmbeddedFiles()
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 5 || files[0].Name > files[len(files)-1].Name {
		t.Fatalf("%d files, not in name order", len(files))
	}
	want, err := load(data)
	if err != nil {
		t.Fatal(err)
	}
	got, err := build(files)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.exact, want.exact) || !reflect.DeepEqual(got.patterns, want.patterns) || !reflect.DeepEqual(got.edges, want.edges) ||
		!reflect.DeepEqual(got.stores, want.stores) || !reflect.DeepEqual(got.copies, want.copies) || !reflect.DeepEqual(got.roleRules, want.roleRules) ||
		!reflect.DeepEqual(got.clouds, want.clouds) || !reflect.DeepEqual(got.locations, want.locations) || !reflect.DeepEqual(got.observed, want.observed) ||
		!reflect.DeepEqual(got.members, want.members) {
		t.Error("knowledge built from the decoded files differs from the TOML's")
	}
	bad := append([]DecodedFile(nil), files...)
	bad[0].File.Type = append([]Entry{{Match: "aws_x", Scope: "somewhere"}}, bad[0].File.Type...)
	if _, err := build(bad); err == nil {
		t.Error("an entry with an unknown scope was accepted")
	}
}

// literalParts counts the runs of characters between stars.
func TestLiteralParts(t *testing.T) {
	for p, want := range map[string]int{"": 0, "*": 0, "**": 0, "aws_*": 1, "*_policy": 1, "aws_*_policy": 2, "a*b*c": 3, "*a**b*": 2, "abc": 1} {
		if got := literalParts(p); got != want {
			t.Errorf("literalParts(%q) = %d, want %d", p, got, want)
		}
	}
	if literalLen("aws_*_*x") != 6 {
		t.Errorf("literalLen(aws_*_*x) = %d", literalLen("aws_*_*x"))
	}
}
