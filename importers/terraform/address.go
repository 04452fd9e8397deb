// Package terraform holds what the Terraform importers (raw state, and
// `terraform show -json` state and plan) share: addresses, provider
// addresses, placement rules, and the resolution of recorded
// dependencies to instances with their transitive reduction.
package terraform

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// IndexKey formats a count or for_each key as Terraform writes it in an
// address: [0] or ["foo.bar"]. A nil key gives "".
func IndexKey(key any) string {
	switch k := key.(type) {
	case nil:
		return ""
	case string:
		return "[" + strconv.Quote(k) + "]"
	case float64:
		return "[" + strconv.FormatFloat(k, 'f', -1, 64) + "]"
	case json.Number:
		return "[" + k.String() + "]"
	case int:
		return "[" + strconv.Itoa(k) + "]"
	}
	return fmt.Sprintf("[%v]", key)
}

// ResourceAddress builds an instance address from its parts: module
// instance path ("" or "module.a[0].module.b"), mode, type, name and key.
func ResourceAddress(module, mode, typ, name string, key any) string {
	size := len(module) + len(".data.") + len(typ) + 1 + len(name) + 16
	return string(AppendResourceAddress(make([]byte, 0, size), module, mode, typ, name, key))
}

// AppendResourceAddress appends to dst the address ResourceAddress
// returns, so that a reader can write it where it keeps its other
// strings.
func AppendResourceAddress(dst []byte, module, mode, typ, name string, key any) []byte {
	if module != "" {
		dst = append(dst, module...)
		dst = append(dst, '.')
	}
	if mode == "data" {
		dst = append(dst, "data."...)
	}
	dst = append(dst, typ...)
	dst = append(dst, '.')
	dst = append(dst, name...)
	switch k := key.(type) {
	case nil:
	case string:
		dst = append(dst, '[')
		dst = strconv.AppendQuote(dst, k)
		dst = append(dst, ']')
	case float64:
		dst = append(dst, '[')
		dst = strconv.AppendFloat(dst, k, 'f', -1, 64)
		dst = append(dst, ']')
	default:
		dst = append(dst, IndexKey(key)...)
	}
	return dst
}

// ConfigAddress drops every instance key from an address, giving the
// configuration address Terraform records in `dependencies`:
// module.a["x"].aws_subnet.b[0] → module.a.aws_subnet.b.
func ConfigAddress(addr string) string {
	if !strings.ContainsRune(addr, '[') {
		return addr
	}
	var b strings.Builder
	b.Grow(len(addr))
	var k keyScan
	for i := 0; i < len(addr); i++ {
		switch k.step(addr[i]) {
		case outsideKey:
			b.WriteByte(addr[i])
		case escapeInKey:
			i++
		}
	}
	return b.String()
}

// sameConfig reports whether ConfigAddress(addr) is config, without
// building it: the instances of one resource come one after another and
// share their configuration address, and building it again for each
// keyed instance was an allocation apiece.
func sameConfig(addr, config string) bool {
	j := 0
	var k keyScan
	for i := 0; i < len(addr); i++ {
		switch k.step(addr[i]) {
		case outsideKey:
			if j >= len(config) || config[j] != addr[i] {
				return false
			}
			j++
		case escapeInKey:
			i++
		}
	}
	return j == len(config)
}

// keyScan follows an instance address byte by byte and tells the bytes
// outside its instance keys ([0], ["a"]) from those inside them, strings
// within keys included.
type keyScan struct {
	depth int
	inStr bool
}

// What keyScan.step says of a byte.
const (
	inKey       = iota // part of an instance key
	outsideKey         // part of the configuration address
	escapeInKey        // a backslash in a key's string: the next byte is escaped
)

// step reads the next byte c of the address.
func (k *keyScan) step(c byte) int {
	switch {
	case k.inStr:
		if c == '\\' {
			return escapeInKey
		}
		if c == '"' {
			k.inStr = false
		}
	case c == '"' && k.depth > 0:
		k.inStr = true
	case c == '[':
		k.depth++
	case c == ']':
		if k.depth > 0 {
			k.depth--
		}
	case k.depth == 0:
		return outsideKey
	}
	return inKey
}

// ModulePath returns the module instance part of an instance address
// ("" for the root module): module.a["x"].aws_subnet.b → module.a["x"].
func ModulePath(addr string) string {
	segs := splitAddress(addr)
	last := -1
	for i := 0; i+1 < len(segs); i++ {
		if segs[i] == "module" {
			last = i + 1
		}
	}
	if last < 0 {
		return ""
	}
	return strings.Join(segs[:last+1], ".")
}

// splitAddress splits an address at dots outside brackets and quotes.
func splitAddress(addr string) []string {
	var out []string
	depth := 0
	inStr := false
	start := 0
	for i := 0; i < len(addr); i++ {
		c := addr[i]
		switch {
		case inStr:
			if c == '\\' {
				i++
			} else if c == '"' {
				inStr = false
			}
		case c == '"':
			inStr = true
		case c == '[':
			depth++
		case c == ']':
			depth--
		case c == '.' && depth == 0:
			out = append(out, addr[start:i])
			start = i + 1
		}
	}
	return append(out, addr[start:])
}

// Provider is a parsed provider configuration address.
type Provider struct {
	// Source is the provider source address, e.g. registry.terraform.io/hashicorp/aws.
	Source string
	// Type is the provider's local type name: aws, google, azurerm.
	Type string
	// Alias is the configuration alias, "" for the default configuration.
	Alias string
	// Module is the module path the configuration belongs to, if any.
	Module string
}

// ParseProvider reads provider addresses in every form states hold:
// provider["registry.terraform.io/hashicorp/aws"], ...aws"].west,
// module.x.provider["..."], and the legacy provider.aws and provider.aws.west.
func ParseProvider(s string) (Provider, error) {
	var p Provider
	rest := s
	if i := strings.Index(rest, "provider"); i > 0 {
		p.Module = strings.TrimSuffix(rest[:i], ".")
		rest = rest[i:]
	}
	if !strings.HasPrefix(rest, "provider") {
		return p, fmt.Errorf("provider address %q does not start with provider", s)
	}
	rest = strings.TrimPrefix(rest, "provider")
	switch {
	case strings.HasPrefix(rest, "[\""):
		end := strings.Index(rest[2:], "\"]")
		if end < 0 {
			return p, fmt.Errorf("provider address %q has an unterminated source", s)
		}
		p.Source = rest[2 : end+2]
		rest = rest[end+4:]
		if strings.HasPrefix(rest, ".") {
			p.Alias = rest[1:]
		} else if rest != "" {
			return p, fmt.Errorf("provider address %q has trailing %q", s, rest)
		}
		p.Type = p.Source[strings.LastIndex(p.Source, "/")+1:]
	case strings.HasPrefix(rest, "."):
		parts := strings.SplitN(rest[1:], ".", 2)
		p.Type = parts[0]
		if len(parts) == 2 {
			p.Alias = parts[1]
		}
		p.Source = "registry.terraform.io/hashicorp/" + p.Type
	default:
		return p, fmt.Errorf("provider address %q is not understood", s)
	}
	if p.Type == "" {
		return p, fmt.Errorf("provider address %q names no provider", s)
	}
	return p, nil
}

// Cloud maps a provider type to the cloud it manages ("" when none).
func Cloud(providerType string) string {
	switch providerType {
	case "aws", "awscc":
		return "aws"
	case "google", "google-beta":
		return "gcp"
	case "azurerm", "azapi", "azuread":
		return "azure"
	}
	return OtherCloud(providerType)
}

// CloudOfType guesses the cloud from a resource type prefix, for inputs
// that lack a provider address.
func CloudOfType(typ string) string {
	switch {
	case strings.HasPrefix(typ, "aws_"):
		return "aws"
	case strings.HasPrefix(typ, "google_"):
		return "gcp"
	case strings.HasPrefix(typ, "azurerm_"), strings.HasPrefix(typ, "azapi_"):
		return "azure"
	}
	return otherCloudOfType(typ)
}
