package compose

import (
	"net/url"
	"sort"
	"strings"

	"github.com/blast-dev/blast/importers/endpoints"
)

// addressSuffixes end the environment keys whose values are addresses:
// REDIS_HOST, CART_ADDR, DATABASE_URL, KAFKA_BROKERS.
var addressSuffixes = []string{"HOST", "HOSTNAME", "HOSTS", "ADDR", "ADDRESS", "URL", "URI", "DSN",
	"SERVER", "SERVERS", "ENDPOINT", "BROKER", "BROKERS", "SERVICE", "UPSTREAM", "BACKEND"}

func addressKey(key string) bool {
	k := strings.ToUpper(strings.NewReplacer("-", "_", ".", "_").Replace(key))
	for _, s := range addressSuffixes {
		if k == s || strings.HasSuffix(k, "_"+s) {
			return true
		}
	}
	return false
}

// References returns the services (sorted, by name) an environment value
// names, given the host names on the compose network (service names,
// container names, host names, network aliases; lower case) and the
// services they stand for. A word counts when it is the host of a URL
// (postgres://db:5432/x), a host:port (redis:6379), or, under a key that
// says it holds an address (REDIS_HOST, CART_ADDR, ...), a bare name.
// Values of keys that look secret (endpoints.Sensitive) are not read.
func References(key, value string, hosts map[string]string) []string {
	if endpoints.Sensitive(key) || value == "" {
		return nil
	}
	addrKey := addressKey(key)
	set := map[string]bool{}
	for _, t := range tokens(value) {
		host, strong := hostOf(t)
		if host == "" || (!strong && !addrKey) {
			continue
		}
		if svc, ok := hosts[strings.ToLower(host)]; ok {
			set[svc] = true
		}
	}
	var out []string
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// tokens splits a value into words that may be addresses; NAME=value
// pairs (a DSN such as "host=db port=5432") give their value.
func tokens(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case ' ', '\t', '\n', '\r', ',', ';', '"', '\'', '`', '(', ')', '<', '>', '|', '[', ']', '{', '}':
			return true
		}
		return false
	})
	out := f[:0]
	for _, t := range f {
		if !strings.Contains(t, "://") {
			if _, v, ok := strings.Cut(t, "="); ok {
				t = v
			}
		}
		if t != "" {
			out = append(out, t)
		}
	}
	return out
}

// hostOf returns the host a word names, and whether the word's form makes
// it certainly an address (a URL or host:port) rather than a bare word.
func hostOf(t string) (string, bool) {
	if i := strings.Index(t, "://"); i > 0 {
		// the scheme starts after the last character a scheme cannot
		// hold: -Dcache.url=http://redis:6379
		start := i
		for start > 0 && schemeChar(t[start-1]) {
			start--
		}
		u, err := url.Parse(t[start:])
		if err != nil || u.Host == "" {
			// a URL with several hosts (mongodb://a:1,b:2) was split
			// already; anything else unparseable names nothing
			return "", false
		}
		return u.Hostname(), true
	}
	if i := strings.LastIndex(t, "@"); i >= 0 {
		t = t[i+1:]
	}
	if i := strings.IndexByte(t, '/'); i >= 0 {
		t = t[:i]
	}
	host, port, hasPort := strings.Cut(t, ":")
	if hasPort {
		if port == "" || strings.Trim(port, "0123456789") != "" {
			return "", false // image:tag, key:value, a time
		}
		return host, true
	}
	return host, false
}

func schemeChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'
}
