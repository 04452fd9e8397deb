package tfjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
)

// The hashicorp/setup-terraform action wraps terraform in a script that
// prints "[command]/path/terraform-bin show -json ...", then what
// terraform printed, then ::debug:: lines and (older versions)
// ::set-output lines repeating stdout, stderr and the exit code. Saving
// that step's output as the plan file gives this text instead of JSON.

// wrapperFix is how to stop the wrapper.
const wrapperFix = "set terraform_wrapper: false in the hashicorp/setup-terraform step"

// isWrapped reports whether data is setup-terraform wrapper output.
func isWrapped(data []byte) bool {
	return bytes.HasPrefix(data, []byte("[command]")) || bytes.HasPrefix(data, []byte("::debug::"))
}

// errWrapped is the error of wrapper output with no intact JSON inside.
var errWrapped = errors.New("this is the output of the hashicorp/setup-terraform wrapper (\"[command]...terraform show -json\", \"::debug::\" lines), and the JSON inside is not intact; " + wrapperFix + " and save terraform show -json's output again")

// unwrap returns the JSON document inside wrapper output: the lines
// terraform printed between the [command] line and the first ::debug::
// or ::set-output line, else the value of ::set-output name=stdout::.
func unwrap(data []byte) ([]byte, error) {
	lines := strings.Split(string(data), "\n")
	var body []string
	started := false
lines:
	for _, l := range lines {
		l = strings.TrimSuffix(l, "\r")
		switch {
		case !started:
			started = strings.HasPrefix(l, "[command]")
		case strings.HasPrefix(l, "[command]"), strings.HasPrefix(l, "::"):
			break lines // terraform's output ended
		default:
			body = append(body, l)
		}
	}
	if doc := []byte(strings.TrimSpace(strings.Join(body, "\n"))); intact(doc) {
		return doc, nil
	}
	for _, l := range lines {
		if v, ok := strings.CutPrefix(strings.TrimSuffix(l, "\r"), "::set-output name=stdout::"); ok {
			// workflow command escapes: %25 → %, %0D → CR, %0A → LF
			v = strings.NewReplacer("%0A", "\n", "%0D", "\r", "%25", "%").Replace(v)
			if doc := []byte(strings.TrimSpace(v)); intact(doc) {
				return doc, nil
			}
		}
	}
	return nil, errWrapped
}

func intact(doc []byte) bool {
	return len(doc) > 0 && doc[0] == '{' && json.Valid(doc)
}
