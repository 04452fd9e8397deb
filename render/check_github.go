package render

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/blast-dev/blast/checks"
)

func init() {
	Register(ViewCheck, "github", "GitHub Actions workflow commands: one ::error or ::warning annotation per open finding", checkGitHub)
}

// chkGhData escapes a workflow command's message.
func chkGhData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// chkGhProp escapes a workflow command's property value.
func chkGhProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

func checkGitHub(w io.Writer, r *Report) error {
	c, err := checkOf(r)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	for _, f := range chkOpenFindings(c) {
		cmd := "warning"
		if f.Level == checks.LevelError {
			cmd = "error"
		}
		var props []string
		if f.File != "" {
			props = append(props, "file="+chkGhProp(f.File))
			if f.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", f.Line))
			}
		}
		title := "blast " + f.Kind
		if f.Policy != "" {
			title = "blast policy " + f.Policy
		}
		props = append(props, "title="+chkGhProp(title))
		msg := f.Message
		if f.File == "" && f.Address != "" {
			msg += " (at " + f.Address + ")"
		}
		fmt.Fprintf(bw, "::%s %s::%s\n", cmd, strings.Join(props, ","), chkGhData(msg))
	}
	for _, s := range c.Suppressions {
		if s.Status == "expired" {
			fmt.Fprintf(bw, "::warning title=%s::%s\n", chkGhProp("blast suppression expired"),
				chkGhData(fmt.Sprintf("suppression (%s) expired on %s: %s", chkSuppressionText(s), s.Expires, s.Reason)))
		}
	}
	level := "notice"
	if c.Verdict.Fail {
		level = "error"
	}
	words, line := chkVerdictLine(c)
	if line != "" {
		line = words + ": " + line
	} else {
		line = words
	}
	fmt.Fprintf(bw, "::%s title=%s::%s\n", level, chkGhProp("blast check"), chkGhData(line))
	return bw.Flush()
}
