package k8s

import (
	"net/url"
	"regexp"
	"strings"
)

// svcRef is a reference to a Kubernetes Service found in a value.
type svcRef struct {
	name string
	ns   string // "" for the workload's own namespace
	// clear marks references that certainly mean a cluster Service, so
	// that one the inputs do not define is worth a warning.
	clear bool
	// qualified marks the name.namespace form, which also reads as an
	// external DNS name (example.com); it resolves only to a Service of a
	// namespace the inputs mention.
	qualified bool
}

var dnsLabel = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)

// addressSuffixes end the env and flag names whose values are addresses.
var addressSuffixes = []string{"ADDR", "ADDRESS", "HOST", "HOSTNAME", "URL", "URI", "SERVICE",
	"ENDPOINT", "SERVER", "SERVERS", "BROKER", "BROKERS"}

// addressKey reports whether an env or flag name says its value is a
// network address: CART_SERVICE_ADDR, REDIS_HOST, --backend-url.
func addressKey(key string) bool {
	k := strings.ToUpper(strings.NewReplacer("-", "_", ".", "_").Replace(key))
	for _, s := range addressSuffixes {
		if k == s || strings.HasSuffix(k, "_"+s) {
			return true
		}
	}
	return false
}

// notServices are single-label host names that never mean a Service.
var notServices = map[string]bool{"localhost": true, "true": true, "false": true, "null": true, "none": true}

// serviceRefs finds the Kubernetes Service names a value mentions:
//
//   - svc.ns.svc and svc.ns.svc.cluster.local host names (also pod.svc.ns.svc...),
//     anywhere: always a reference, and clear;
//   - svc:port, scheme://svc[:port][/path]: a reference; clear when the
//     key is an address key (*_ADDR, *_HOST, *_URL, *_SERVICE, ...);
//   - a bare svc: a reference only when the key is an address key;
//   - svc.ns (with or without a port or scheme): a reference when the
//     namespace is one the inputs mention; never clear.
func serviceRefs(key, val string) []svcRef {
	var out []svcRef
	addrKey := addressKey(key)
	for _, t := range tokens(val) {
		if strings.Contains(t, "$(") || strings.Contains(t, "${") || strings.Contains(t, "{{") {
			continue // expanded at run time
		}
		host, port, scheme, ok := splitAddress(t)
		if !ok {
			continue
		}
		labels := strings.Split(host, ".")
		for _, l := range labels {
			if len(l) > 63 || !dnsLabel.MatchString(l) {
				ok = false
			}
		}
		if !ok || len(host) > 253 {
			continue
		}
		if i := svcLabel(labels); i >= 2 {
			out = append(out, svcRef{name: labels[i-2], ns: labels[i-1], clear: true})
			continue
		}
		switch len(labels) {
		case 1:
			name := labels[0]
			if notServices[name] || !isLetter(name[0]) {
				continue
			}
			if port != "" || scheme != "" || addrKey {
				out = append(out, svcRef{name: name, clear: addrKey})
			}
		case 2:
			if isLetter(labels[0][0]) && isLetter(labels[1][0]) {
				out = append(out, svcRef{name: labels[0], ns: labels[1], qualified: true})
			}
		}
	}
	return out
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' }

// svcLabel returns the index of the "svc" label of a cluster DNS name
// (name.ns.svc or name.ns.svc.cluster.local), or -1.
func svcLabel(labels []string) int {
	n := len(labels)
	switch {
	case n >= 3 && labels[n-1] == "svc":
		return n - 1
	case n >= 5 && labels[n-3] == "svc" && labels[n-2] == "cluster" && labels[n-1] == "local":
		return n - 3
	}
	return -1
}

// tokens splits a value into the words that may be addresses.
func tokens(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case ' ', '\t', '\n', '\r', ',', ';', '"', '\'', '`', '(', ')', '<', '>', '|', '&', '[', ']', '{', '}':
			return true
		}
		return false
	})
	for i, t := range f {
		// NAME=value inside a shell line or -Dkey=value, unless the = is
		// part of a URL's query
		if eq := strings.IndexByte(t, '='); eq >= 0 {
			if sch := strings.Index(t, "://"); sch < 0 || eq < sch {
				f[i] = t[eq+1:]
			}
		}
	}
	return f
}

// splitAddress reads host, port and scheme from a URL, host:port or bare
// host. The host is lower case without a trailing dot. Tokens that are
// not addresses (key:value pairs, paths, IPv6) give ok false.
func splitAddress(t string) (host, port, scheme string, ok bool) {
	t = strings.TrimPrefix(t, "jdbc:")
	if i := strings.Index(t, "://"); i > 0 {
		u, err := url.Parse(t)
		if err != nil || u.Scheme == "file" || u.Scheme == "unix" {
			return "", "", "", false
		}
		host, port, scheme = u.Hostname(), u.Port(), u.Scheme
	} else {
		if strings.ContainsAny(t, "/@") {
			i := strings.IndexAny(t, "/")
			if i == 0 {
				return "", "", "", false // a path
			}
			if i > 0 {
				t = t[:i]
			}
			if j := strings.LastIndexByte(t, '@'); j >= 0 {
				t = t[j+1:]
			}
		}
		host = t
		if i := strings.LastIndexByte(t, ':'); i >= 0 {
			host, port = t[:i], t[i+1:]
			if !portNumber(port) {
				return "", "", "", false
			}
		}
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "" {
		return "", "", "", false
	}
	return host, port, scheme, true
}

func portNumber(s string) bool {
	if s == "" || len(s) > 5 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
