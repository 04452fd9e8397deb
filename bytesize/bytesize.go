// Package bytesize reads the sizes users write on the command line
// (--max-input-size 512MiB): a byte count with an optional unit.
package bytesize

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// units are the suffixes Parse accepts, longest first so that MIB is
// not read as B. G, M and K alone are binary (as in 512M).
var units = []struct {
	suffix string
	mult   int64
}{{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}}

// Parse reads sizes such as 512MiB, 2GiB, 100MB, 512M or a byte count,
// in any case and with spaces around the unit. Zero, negative, fractional
// and overflowing sizes are errors.
func Parse(s string) (int64, error) {
	t := strings.TrimSpace(strings.ToUpper(s))
	mult := int64(1)
	for _, u := range units {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not a size (e.g. 512MiB)", s)
	}
	if n > math.MaxInt64/mult {
		return 0, fmt.Errorf("%q is too large", s) // n*mult would wrap round
	}
	return n * mult, nil
}
