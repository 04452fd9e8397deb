package importers

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// Describe says in a few words what unrecognised content looks like, so
// that errors tell the user something they can act on.
func Describe(body []byte) string {
	switch {
	case bytes.HasPrefix(body, []byte("\xff\xfe")) || bytes.HasPrefix(body, []byte("\xfe\xff")):
		return "UTF-16 text; re-encode it as UTF-8, e.g. iconv -f UTF-16 -t UTF-8"
	case bytes.HasPrefix(body, []byte("-----BEGIN AGE ENCRYPTED FILE-----")) || bytes.HasPrefix(body, []byte("age-encryption.org/")):
		return "an age-encrypted file; decrypt it first"
	case bytes.HasPrefix(body, []byte("-----BEGIN PGP MESSAGE-----")):
		return "a PGP-encrypted file; decrypt it first"
	case bytes.HasPrefix(body, []byte("PK\x03\x04")):
		return "a zip archive, perhaps a binary Terraform plan; convert it with terraform show -json PLANFILE"
	case bytes.HasPrefix(body, []byte("\x1f\x8b")):
		return "gzip-compressed data; decompress it first"
	case !utf8.Valid(body):
		return "binary data or invalid UTF-8"
	case body[0] == '[' && looksLikeTOMLTable(body):
		return "TOML without [[service]] entries; settings files go to --config"
	case body[0] == '{' || body[0] == '[':
		if !json.Valid(body) {
			return "invalid or truncated JSON"
		}
		return "JSON, but not a Terraform state, plan or known manifest"
	}
	return "not JSON, YAML or TOML of a known kind"
}

// looksLikeTOMLTable reports whether the first line is a TOML table header
// such as [binding] or [[platform.override]].
func looksLikeTOMLTable(body []byte) bool {
	line := body
	if i := bytes.IndexByte(body, '\n'); i >= 0 {
		line = body[:i]
	}
	line = bytes.TrimSpace(line)
	if !bytes.HasSuffix(line, []byte("]")) {
		return false
	}
	name := bytes.Trim(line, "[]")
	if len(name) == 0 {
		return false
	}
	for _, c := range name {
		if !(c == '.' || c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
