package binding

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// ValidName checks a service name: not empty, no surrounding spaces, no
// control characters, and none of : * ? (they would make references
// ambiguous).
func ValidName(name string) error {
	switch {
	case name == "":
		return errors.New("empty service name")
	case strings.TrimSpace(name) != name:
		return fmt.Errorf("service name %q has surrounding spaces", name)
	case strings.ContainsAny(name, ":*?"):
		return fmt.Errorf("service name %q holds one of : * ? (they make references ambiguous)", name)
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return fmt.Errorf("service name %q holds a control character", name)
	}
	return nil
}
