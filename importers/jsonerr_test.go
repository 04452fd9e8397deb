package importers

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestJSONError(t *testing.T) {
	decode := func(s string) error {
		var v struct{ Version int }
		return JSONError([]byte(s), json.Unmarshal([]byte(s), &v))
	}
	if err := decode(`{"version": 4, "resources": [`); !errors.Is(err, ErrTruncated) {
		t.Errorf("truncated: %v", err)
	}
	if err, want := decode("{\n  \"version\": 4,\n  x\n}"), "line 3, column 3: invalid character 'x' looking for beginning of object key string"; err == nil || err.Error() != want {
		t.Errorf("syntax error: %v, want %s", err, want)
	}
	if err, want := decode("{\"version\": \"4\"}"), `line 1, column 16: Version is a JSON string, want a number`; err == nil || err.Error() != want {
		t.Errorf("type error: %v, want %s", err, want)
	}
	other := errors.New("something else")
	if err := JSONError(nil, other); err != other {
		t.Errorf("other errors pass unchanged: got %v", err)
	}
}
