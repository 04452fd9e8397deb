package importers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// helmTemplate describes a Kubernetes manifest with template actions.
const helmTemplate = "a Helm template; render it first with helm template"

// Describe says in a few words what unrecognised content looks like, so
// that errors tell the user something they can act on.
func Describe(body []byte) string {
	if d := Encrypted(body); d != "" {
		return d
	}
	if d := foreign(body); d != "" {
		return d
	}
	switch {
	case bytes.HasPrefix(body, []byte("\xff\xfe")) || bytes.HasPrefix(body, []byte("\xfe\xff")):
		return "UTF-16 text; re-encode it as UTF-8, e.g. iconv -f UTF-16 -t UTF-8"
	case bytes.HasPrefix(body, []byte("PK\x03\x04")):
		return "a zip archive, perhaps a binary Terraform plan; convert it with terraform show -json PLANFILE"
	case bytes.HasPrefix(body, []byte("\x1f\x8b")):
		return "gzip-compressed data; decompress it first"
	case bytes.HasPrefix(body, []byte("\x28\xb5\x2f\xfd")):
		return "zstd-compressed data; decompress it first"
	case bytes.HasPrefix(body, []byte("\xfd7zXZ\x00")):
		return "xz-compressed data; decompress it first"
	case len(body) > 4 && bytes.HasPrefix(body, []byte("BZh")) && body[3] >= '1' && body[3] <= '9':
		return "bzip2-compressed data; decompress it first"
	case bytes.HasPrefix(body, []byte("version https://git-lfs.github.com/spec/")):
		return "a Git LFS pointer, not the file itself; fetch it with git lfs pull"
	case utf16NoBOM(body) != "":
		return "UTF-16 text without a byte order mark; re-encode it as UTF-8, e.g. iconv -f " + utf16NoBOM(body) + " -t UTF-8"
	case !utf8.Valid(body) || bytes.IndexByte(body, 0) >= 0:
		return "binary data or invalid UTF-8"
	case hasPrefixFold(body, "<!doctype html") || hasPrefixFold(body, "<html"):
		return "an HTML page, perhaps a sign-in or error page saved in place of the file"
	case bytes.HasPrefix(body, []byte("<?xml")) || bytes.HasPrefix(body, []byte("<Error>")):
		return "an XML document, perhaps an error response saved in place of the file"
	case body[0] == '[' && looksLikeTOMLTable(body):
		return "TOML without [[service]] entries; settings files go to --config"
	case bytes.HasPrefix(body, []byte("{{")):
		if lineStarts(body, "apiVersion:") {
			return helmTemplate
		}
		return "a Go or Helm template; render it first"
	case body[0] == '{' || body[0] == '[':
		if !json.Valid(body) {
			return "invalid or truncated JSON"
		}
		return "JSON, but not a Terraform state, plan or known manifest"
	case json.Valid(body):
		return "JSON, but not a Terraform state, plan or known manifest"
	}
	if line := jsonAfterText(body); line > 0 {
		return fmt.Sprintf("text before the JSON that starts on line %d, perhaps warnings mixed into the output; keep only the JSON", line)
	}
	switch {
	case bytes.Contains(body, []byte("Terraform will perform the following actions")) || bytes.Contains(body, []byte("Terraform used the selected providers")) ||
		bytes.HasPrefix(body, []byte("# ")) && bytes.Contains(body, []byte("\nresource \"")):
		return "the text output of terraform plan or show; blast reads terraform show -json"
	case bytes.Contains(body, []byte("\nkind: Kustomization")) || bytes.HasPrefix(body, []byte("kind: Kustomization")):
		return "a kustomization; build it first with kubectl kustomize"
	case bytes.Contains(body, []byte("{{")) && bytes.Contains(body, []byte("}}")) && lineStarts(body, "apiVersion:"):
		return helmTemplate
	case bytes.HasPrefix(body, []byte("# ")) && (lineStarts(body, "## ") || lineStarts(body, "| ")):
		return "Markdown text"
	}
	return "not JSON, YAML or TOML of a known kind"
}

// Encrypted says what kind of encrypted file the content is, or "".
func Encrypted(body []byte) string {
	head := body
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	switch {
	case bytes.HasPrefix(body, []byte("-----BEGIN AGE ENCRYPTED FILE-----")) || bytes.HasPrefix(body, []byte("age-encryption.org/")):
		return "an age-encrypted file; decrypt it first"
	case bytes.HasPrefix(body, []byte("-----BEGIN PGP MESSAGE-----")):
		return "a PGP-encrypted file; decrypt it first"
	case bytes.HasPrefix(body, []byte("\x00GITCRYPT\x00")):
		return "a git-crypt encrypted file; unlock the repository first (git-crypt unlock)"
	case bytes.HasPrefix(body, []byte("$ANSIBLE_VAULT;")):
		return "an Ansible Vault encrypted file; decrypt it first (ansible-vault decrypt)"
	case bytes.Contains(head, []byte("ENC[AES256_GCM,data:")):
		// SOPS encrypts the values blast reads (ids, ARNs, regions) too
		return "a SOPS-encrypted file; decrypt it first (sops -d FILE)"
	}
	return ""
}

// foreign says what a file is when it carries the markers of an input
// but is another kind of document: Markdown whose code examples hold
// manifests, or one of Terraform's JSON outputs that are not a state or
// plan (they carry "format_version" too). "" otherwise.
func foreign(body []byte) string {
	if len(body) == 0 {
		return ""
	}
	if body[0] == '{' {
		return terraformOutput(body)
	}
	if body[0] != '[' && fencedCode(body) {
		return "Markdown or other text with fenced code examples; examples are not inputs"
	}
	return ""
}

// terraformOutputs name, by a top-level key only it has, each of
// Terraform's JSON documents that are not a state or plan.
var terraformOutputs = []struct{ key, command string }{
	{"provider_schemas", "terraform providers schema -json"},
	{"function_signatures", "terraform metadata functions -json"},
	{"diagnostics", "terraform validate -json"},
}

// terraformOutput says which Terraform command wrote the JSON object,
// when it is one of terraformOutputs; "" otherwise. Terraform writes
// "format_version" first and the distinctive key next, and sorting keys
// keeps them near the start too, so only the head is searched before the
// top-level keys are read.
func terraformOutput(body []byte) string {
	head := body
	if len(head) > 4096 {
		head = head[:4096]
	}
	if !bytes.Contains(head, []byte(`"format_version"`)) {
		return ""
	}
	for _, o := range terraformOutputs {
		if !bytes.Contains(head, []byte(`"`+o.key+`"`)) {
			continue
		}
		found, input := false, false
		EachTopLevelKey(body, func(key string) bool {
			switch key {
			case o.key:
				found = true
			case "values", "planned_values", "resource_changes", "prior_state", "resources", "modules", "lineage":
				input = true
				return false
			}
			return true
		})
		if found && !input {
			return "the output of " + o.command + ", not a state or plan"
		}
	}
	return ""
}

// fencedCode reports whether a line starts a fenced code block (``` or
// ~~~), which no JSON, YAML or TOML input has at the start of a line:
// the file is Markdown, or text quoting examples.
func fencedCode(body []byte) bool {
	for _, fence := range [][]byte{[]byte("```"), []byte("~~~")} {
		if bytes.HasPrefix(body, fence) || bytes.Contains(body, append([]byte("\n"), fence...)) {
			return true
		}
	}
	return false
}

// lineStarts reports whether a line of body starts with prefix.
func lineStarts(body []byte, prefix string) bool {
	return bytes.HasPrefix(body, []byte(prefix)) || bytes.Contains(body, []byte("\n"+prefix))
}

// utf16NoBOM says whether the content looks like UTF-16 text without a
// byte order mark (ASCII with a NUL byte beside every character):
// "UTF-16LE", "UTF-16BE" or "".
func utf16NoBOM(body []byte) string {
	if len(body) < 4 {
		return ""
	}
	for _, big := range []bool{false, true} {
		ok := true
		for i := 0; i+1 < len(body) && i < 64; i += 2 {
			lo, hi := body[i], body[i+1]
			if big {
				lo, hi = hi, lo
			}
			if hi != 0 || lo == 0 {
				ok = false
				break
			}
		}
		if ok && big {
			return "UTF-16BE"
		}
		if ok {
			return "UTF-16LE"
		}
	}
	return ""
}

// jsonAfterText returns the line on which a JSON object starts after
// lines of other text, when the rest of the content is that object; 0
// otherwise.
func jsonAfterText(body []byte) int {
	for off, line := 0, 1; off < len(body) && line < 200; line++ {
		nl := bytes.IndexByte(body[off:], '\n')
		if nl < 0 {
			return 0
		}
		off += nl + 1
		if off < len(body) && body[off] == '{' {
			if json.Valid(body[off:]) {
				return line + 1
			}
			return 0
		}
	}
	return 0
}

func hasPrefixFold(body []byte, prefix string) bool {
	return len(body) >= len(prefix) && bytes.EqualFold(body[:len(prefix)], []byte(prefix))
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
