package explore

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"

	"github.com/BurntSushi/toml"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/checks"
	"github.com/blast-dev/blast/config"
	"github.com/blast-dev/blast/explore/session"
	"github.com/blast-dev/blast/parallel"
)

// New builds a page's model and matrix from an analyzer over the
// imported graph, the run's blast.toml, its catalog of named scenarios
// and a title naming the inputs; the caller adds the diagram
// (render.ExploreDiagram).
func New(a *analyzer.Analyzer, cfg *config.File, catalog *analyzer.Catalog, title string) (*Page, error) {
	sections, err := checkedSections(cfg)
	if err != nil {
		return nil, err
	}
	// the model, the risk groups and the matrix read the analyzer alone
	// and not each other: made at once
	var (
		m          *session.Model
		bin        []byte
		info       session.Info
		risk       *checks.RiskReport
		matrix     *checks.Matrix
		errM, errR error
	)
	parallel.Go(func() {
		m = session.NewModel(a, title, session.FilterKeys(a.Knowledge(), catalog), sections)
		bin, errM = m.MarshalBinary()
	}, func() {
		risk, errR = checks.RunRisk(a, checks.RiskOptions{Order: RiskOrder})
	}, func() {
		matrix = checks.RunMatrix(a, checks.MatrixOptions{ReasonRows: MatrixRows}) // the page shows no more
		// the domains and named scenarios the page offers, which its own
		// session, opened from the bytes it carries, would list: the page
		// learns them without waiting for its analysis to open. After the
		// matrix, whose domains' counts the list reads again.
		info = session.Over(a, catalog).Info()
	})
	if err := errors.Join(errM, errR); err != nil {
		return nil, err
	}
	return &Page{Model: m, Info: info, Matrix: matrix, Risk: risk, bin: bin}, nil
}

// CheckConfig fails, as New does, where the page's own session would fail
// on the run's blast.toml sections it carries: a caller that starts other
// work beside New asks it first, so that such an error comes at once.
func CheckConfig(cfg *config.File) error {
	_, err := checkedSections(cfg)
	return err
}

// checkedSections returns the blast.toml sections a page carries
// (configSections), read as the page's own session reads them when it
// opens.
func checkedSections(cfg *config.File) (string, error) {
	sections, err := configSections(cfg)
	if err == nil {
		err = session.CheckConfig(sections)
	}
	return sections, err
}

// RiskOrder is the largest set of failure domains the page's risk groups
// combine (blast risk --order 2).
const RiskOrder = 2

// configSections re-encodes blast.toml's [platform] and [[scenario]]
// sections, the two that change the analysis, for the page; the rest of
// the file stays out of it.
func configSections(cfg *config.File) (string, error) {
	if cfg == nil {
		return "", nil
	}
	// as written: the run's load has checked their keys already, and a
	// table decoded into plain values leaves its keys unmarked, which
	// Decode would call unknown
	out := map[string]any{}
	for _, section := range []string{"platform", "scenario"} {
		v, err := cfg.Value(section)
		if err != nil {
			return "", err
		}
		if v != nil {
			out[section] = v
		}
	}
	if len(out) == 0 {
		return "", nil
	}
	var b bytes.Buffer
	if err := toml.NewEncoder(&b).Encode(out); err != nil {
		return "", fmt.Errorf("explore: %s: %w", cfg.Path, err)
	}
	return b.String(), nil
}

// Handler serves one written page, read-only: GET and HEAD of / alone;
// any other method is refused (405) and any other path is not found.
func Handler(page []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "read-only: GET only", http.StatusMethodNotAllowed)
			return
		}
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		_, _ = w.Write(page)
	})
}

// Loopback reports whether a listen address binds the loopback interface
// only (127.0.0.1:8321, [::1]:0, localhost:80).
func Loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
