package importers

import "testing"

// TestDescribeTemplates: templates to render first are named as such,
// not as broken JSON or unknown YAML.
func TestDescribeTemplates(t *testing.T) {
	for body, want := range map[string]string{
		"{{- if .Values.notes }}\nThank you for installing {{ .Chart.Name }}.\n{{- end }}\n":                        "a Go or Helm template; render it first",
		"{{- if .Values.frontend.create }}\napiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.name }}\n": "a Helm template; render it first with helm template",
		"{\"a\": 1": "invalid or truncated JSON",
	} {
		if got := Describe([]byte(body)); got != want {
			t.Errorf("Describe(%.30q) = %q, want %q", body, got, want)
		}
	}
}
