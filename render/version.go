package render

import (
	"errors"
	"fmt"
	"io"
)

// ViewVersion is the build of blast that runs (blast version).
const ViewVersion View = "version"

func init() {
	Register(ViewVersion, "text", "one line: version, commit, commit time, Go version", versionText)
	Register(ViewVersion, "json", "the same fields as a JSON object", versionJSON)
}

func versionText(w io.Writer, r *Report) error {
	if r.Build == nil {
		return errors.New("no build information to render")
	}
	_, err := fmt.Fprintln(w, r.Build.String())
	return err
}

func versionJSON(w io.Writer, r *Report) error {
	if r.Build == nil {
		return errors.New("no build information to render")
	}
	return writeIndented(w, r.Build)
}
