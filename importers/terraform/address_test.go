package terraform

import (
	"encoding/json"
	"testing"
)

// addresses are instance addresses of every shape ConfigAddress meets:
// count and for_each keys, keyed modules, quoted keys holding brackets,
// dots, quotes and escapes.
var addresses = []string{
	"aws_vpc.main",
	"aws_subnet.a[0]",
	"aws_subnet.a[1]",
	"aws_subnet.ab[0]",
	`aws_subnet.a["x"]`,
	`aws_subnet.a["x]y"]`,
	`aws_subnet.a["q\"]z"]`,
	`aws_subnet.a["a.b[c]"]`,
	"data.aws_region.current",
	"module.m.aws_subnet.a[0]",
	`module.m[0].aws_subnet.a`,
	`module.m["k"].aws_subnet.a[2]`,
	`module.m["k"].module.n[1].aws_subnet.a["z"]`,
	"module.mm.aws_subnet.a",
	"module.m.aws_subnet",
	"",
}

// TestSameConfig holds sameConfig to ConfigAddress on every pair of
// addresses: true exactly when the configuration addresses are equal.
func TestSameConfig(t *testing.T) {
	for _, a := range addresses {
		for _, b := range addresses {
			want := ConfigAddress(a) == ConfigAddress(b)
			if got := sameConfig(a, ConfigAddress(b)); got != want {
				t.Errorf("sameConfig(%q, %q) = %v, want %v", a, ConfigAddress(b), got, want)
			}
		}
	}
}

// TestAppendResourceAddress holds AppendResourceAddress, after bytes
// already there, and ResourceAddress to addresses written by hand, for
// every kind of key.
func TestAppendResourceAddress(t *testing.T) {
	keys := []struct {
		key   any
		index string
	}{
		{nil, ""}, {"x", `["x"]`}, {`q"]z`, `["q\"]z"]`}, {"é\n\t\x01", `["é\n\t\x01"]`},
		{0.0, "[0]"}, {3.0, "[3]"}, {-1.5, "[-1.5]"}, {1e21, "[1000000000000000000000]"},
		{json.Number("7"), "[7]"}, {4, "[4]"}, {true, "[true]"},
	}
	for _, module := range []string{"", `module.m["k"]`} {
		for _, mode := range []string{"managed", "data"} {
			for _, k := range keys {
				want := "aws_subnet.a" + k.index
				if mode == "data" {
					want = "data." + want
				}
				if module != "" {
					want = module + "." + want
				}
				got := AppendResourceAddress([]byte("prefix"), module, mode, "aws_subnet", "a", k.key)
				if string(got) != "prefix"+want {
					t.Errorf("AppendResourceAddress(%q, %q, %#v) = %q, want %q", module, mode, k.key, got, "prefix"+want)
				}
				if got := ResourceAddress(module, mode, "aws_subnet", "a", k.key); got != want {
					t.Errorf("ResourceAddress(%q, %q, %#v) = %q, want %q", module, mode, k.key, got, want)
				}
			}
		}
	}
}

// TestConfigAddress holds ConfigAddress to the configuration address
// written by hand, keys with brackets, quotes and escapes included.
func TestConfigAddress(t *testing.T) {
	for addr, want := range map[string]string{
		"aws_vpc.main":                   "aws_vpc.main",
		"aws_subnet.a[0]":                "aws_subnet.a",
		`aws_subnet.a["x]y"]`:            "aws_subnet.a",
		`aws_subnet.a["q\"]z"]`:          "aws_subnet.a",
		`aws_subnet.a["a.b[c]"]`:         "aws_subnet.a",
		`module.m["k"].aws_subnet.a[2]`:  "module.m.aws_subnet.a",
		`module.m["\\"].module.n[1].x.y`: "module.m.module.n.x.y",
	} {
		if got := ConfigAddress(addr); got != want {
			t.Errorf("ConfigAddress(%q) = %q, want %q", addr, got, want)
		}
	}
}
