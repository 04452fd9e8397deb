package manifest

import (
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"
)

// lines finds where tables and keys are written, for messages. The TOML
// decoder does not report positions of decoded keys, so this scans the
// text: table headers set the current table, "key =" lines belong to it.
// Keys inside inline tables or multi-line strings fall back to the first
// line that assigns the key anywhere.
type lines struct {
	src    []string
	header []string // table path (without indices) in force on each line
	tables map[string][]int
}

var headerRe = regexp.MustCompile(`^[ \t]*\[(\[)?[ \t]*([^\[\]]+?)[ \t]*\]\]?[ \t]*(#.*)?$`)

func newLines(src string) *lines {
	l := &lines{src: strings.Split(src, "\n"), tables: map[string][]int{}}
	l.header = make([]string, len(l.src))
	cur := ""
	for i, s := range l.src {
		if m := headerRe.FindStringSubmatch(s); m != nil {
			cur = normPath(m[2])
			l.tables[cur] = append(l.tables[cur], i+1)
		}
		l.header[i] = cur
	}
	return l
}

// normPath removes quotes and spaces around the parts of a dotted table
// name.
func normPath(s string) string {
	parts := strings.Split(s, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

// key returns the line a key is assigned on (1-based), 0 if unseen.
func (l *lines) key(k toml.Key) int {
	if len(k) == 0 {
		return 0
	}
	name := k[len(k)-1]
	parent := strings.Join(k[:len(k)-1], ".")
	if n := l.tables[k.String()]; len(n) > 0 {
		return n[0]
	}
	assign := regexp.MustCompile(`^[ \t]*["']?` + regexp.QuoteMeta(name) + `["']?[ \t]*=`)
	for i, s := range l.src {
		if l.header[i] == parent && assign.MatchString(s) {
			return i + 1
		}
	}
	anywhere := regexp.MustCompile(`(^|[\s{,.])["']?` + regexp.QuoteMeta(name) + `["']?[ \t]*=`)
	for i, s := range l.src {
		if anywhere.MatchString(s) {
			return i + 1
		}
	}
	return 0
}

// service returns the line of the i-th [[service]] table, or of the line
// naming it when services are written inline.
func (l *lines) service(i int, name string) int {
	if n := l.tables["service"]; i < len(n) {
		return n[i]
	}
	if name == "" {
		return 0
	}
	re := regexp.MustCompile(`name[ \t]*=[ \t]*["']` + regexp.QuoteMeta(name) + `["']`)
	for j, s := range l.src {
		if re.MatchString(s) {
			return j + 1
		}
	}
	return 0
}

// group returns the line of the j-th [[service.redundancy]] table of the
// i-th service, 0 when written inline.
func (l *lines) group(i, j int) int {
	svc := l.tables["service"]
	if i >= len(svc) {
		return 0
	}
	end := len(l.src) + 1
	if i+1 < len(svc) {
		end = svc[i+1]
	}
	k := 0
	for _, n := range l.tables["service.redundancy"] {
		if n > svc[i] && n < end {
			if k == j {
				return n
			}
			k++
		}
	}
	return 0
}
