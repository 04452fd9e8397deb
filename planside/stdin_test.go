package planside

import (
	"strings"
	"testing"
)

// ReadStdin reads only when a path is "-", once, within the limit.
func TestReadStdin(t *testing.T) {
	in := strings.NewReader("0123456789")
	if data, err := ReadStdin(in, []string{"a.tfstate"}, "100B"); data != nil || err != nil {
		t.Errorf("no dash: %q %v", data, err)
	}
	if data, err := ReadStdin(strings.NewReader("0123456789"), []string{"-"}, "100B"); string(data) != "0123456789" || err != nil {
		t.Errorf("dash: %q %v", data, err)
	}
	if _, err := ReadStdin(strings.NewReader("x"), []string{"-", "-"}, "100B"); err == nil || !strings.Contains(err.Error(), "once") {
		t.Errorf("two dashes: %v", err)
	}
	if _, err := ReadStdin(strings.NewReader("0123456789"), []string{"-"}, "4B"); err == nil || !strings.Contains(err.Error(), "over the 4B input limit") {
		t.Errorf("over the limit: %v", err)
	}
}
