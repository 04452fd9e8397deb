package bytesize

import (
	"math"
	"testing"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
	}{
		{"512MiB", 512 << 20}, {"2GiB", 2 << 30}, {"1KiB", 1024},
		{"100MB", 100e6}, {"3GB", 3e9}, {"5kb", 5000},
		{"512M", 512 << 20}, {"1g", 1 << 30}, {"4K", 4096},
		{"123", 123}, {"123B", 123}, {" 64 mib ", 64 << 20},
		{"8589934591G", 8589934591 << 30},
	} {
		got, err := Parse(c.in)
		if err != nil || got != c.want {
			t.Errorf("Parse(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	for _, in := range []string{"", "0", "-5MiB", "1.5GiB", "MiB", "lots", "12 TB", "8589934592G", "9223372036854775808"} {
		if got, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) = %d, want an error", in, got)
		}
	}
	if got, err := Parse("9223372036854775807"); err != nil || got != math.MaxInt64 {
		t.Errorf("largest byte count: %d, %v", got, err)
	}
}
