// Package cmd is blast's command line: one file per command, each with an
// options struct, a NewXCmd constructor and a runX function. It is the
// only package that wires importers, analyzer and renderers together.
package cmd

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/memlimit"
	"github.com/blast-dev/blast/progress"
	"github.com/blast-dev/blast/warnings"
)

// Exit codes.
const (
	ExitOK        = 0
	ExitError     = 1
	ExitThreshold = 2
)

// ThresholdError reports that a policy or --fail-on threshold was crossed:
// the run itself succeeded and printed its report.
type ThresholdError struct{ Msg string }

func (e *ThresholdError) Error() string { return e.Msg }

// globals are the flags every command shares.
type globals struct {
	config       string
	envFiles     []string
	remoteStates []string
	maxInputSize string
	noColor      bool
	strict       bool
	quiet        bool
	showAffected bool
	// listsWarnings is set by commands whose report lists the import
	// warnings (blast graph); the others print them on stderr once the
	// command has succeeded (an error is one line alone)
	listsWarnings bool
	warnings      *warnings.Pending // shared by copies of globals
	progress      *progress.Line    // shared by copies of globals
	stdin         io.Reader
	stdout        io.Writer
	stderr        io.Writer
}

// NewRootCmd builds the blast command tree.
func NewRootCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	root, _ := newRoot(stdin, stdout, stderr)
	return root
}

// newRoot builds the command tree and returns the state its commands
// share.
func newRoot(stdin io.Reader, stdout, stderr io.Writer) (*cobra.Command, *globals) {
	g := &globals{stdin: stdin, stdout: stdout, stderr: stderr, warnings: &warnings.Pending{}, progress: &progress.Line{}}
	root := &cobra.Command{
		Use:   "blast",
		Short: "Dependency blast-radius analyzer for cloud systems",
		Long: `blast reads what already describes your system (Terraform state and plans,
Kubernetes manifests, service catalogs), builds one dependency graph, takes a
provider, region, zone or regional service down, and reports what fails,
what degrades and what freezes, and why.

Inputs are files, directories (walked) or - for stdin; the format is detected
from the content. With no input, blast runs on its built-in demo system.
Several Terraform states are linked into one graph by the IDs, ARNs, host
names and remote state outputs they share; a plan's output unknown until
apply is followed through its expression (see docs/organisation.md).`,
		Example: `  blast whatif --down aws:us-east-1              # the demo system
  blast whatif --down aws:us-east-1a prod.tfstate
  blast domains states/                          # what --down accepts
  blast graph --format json prod.tfstate
  blast explore -o blast.html prod.tfstate       # tick domains in the browser`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	pf := root.PersistentFlags()
	pf.StringVar(&g.config, "config", "", "blast.toml to read (default: ./blast.toml when present)")
	pf.StringArrayVar(&g.envFiles, "env-file", nil, "env file for compose ${VAR} interpolation, instead of the .env beside each compose file (repeatable; the process environment still comes first)")
	pf.StringArrayVar(&g.remoteStates, "remote-state", nil, "NAME=FILE: data.terraform_remote_state.NAME reads the input FILE, for a backend config that names no input path (repeatable; NAME may be the data source's full address; FILE must be an input too)")
	pf.StringVar(&g.maxInputSize, "max-input-size", "512MiB", "largest input file accepted (e.g. 64MiB, 2GiB)")
	pf.BoolVar(&g.noColor, "no-color", false, "never colour text output (NO_COLOR is honoured too)")
	pf.BoolVar(&g.strict, "strict", false, "treat warnings as errors: import warnings (unresolved references, missing dependencies), files of walked directories that are not inputs, failure domains no input holds")
	pf.BoolVar(&g.quiet, "quiet", false, "print no warnings, notes or progress on stderr (errors still print)")
	pf.BoolVar(&g.showAffected, "show-affected", false, "also list and draw the configuration objects an outage affects (security groups, policies, attachments, templates: they cannot change but serve nothing themselves; counted either way)")
	root.AddCommand(
		NewWhatifCmd(g),
		NewGraphCmd(g),
		NewDomainsCmd(g),
		NewMatrixCmd(g),
		NewCheckCmd(g),
		NewDiffCmd(g),
		NewScenariosCmd(g),
		NewWhyCmd(g),
		NewExploreCmd(g),
		NewRiskCmd(g),
		NewPlatformCmd(g),
		NewVersionCmd(g),
	)
	return root, g
}

// Execute runs blast with the process's arguments and returns its exit
// code. An internal error is exit code 1 with one line, never a panic's
// exit code 2, which is blast's "threshold crossed".
func Execute() (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(os.Stderr, "blast: internal error: %v (please report this)\n", r)
			code = ExitError
		}
	}()
	return Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
}

// Run runs blast with the given arguments and streams; it returns the
// exit code and never panics on bad input.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer memlimit.Keep()() // load.Inputs' memory settings, for this run only
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "blast: internal error: %v (please report this)\n", r)
			code = ExitError
		}
	}()
	root, g := newRoot(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	g.progress.End()
	if err == nil {
		g.printWarnings()
		return ExitOK
	}
	var te *ThresholdError
	if errors.As(err, &te) {
		g.printWarnings()
		fmt.Fprintf(stderr, "blast: %s\n", te.Msg)
		return ExitThreshold
	}
	fmt.Fprintf(stderr, "blast: %s\n", oneLine(err.Error()))
	return ExitError
}

// oneLine makes an error message one line of plain text: new lines become
// spaces, other control characters (which input may carry into a
// message) are shown escaped instead of reaching the terminal.
func oneLine(msg string) string {
	return importers.Escape(strings.ReplaceAll(msg, "\n", " "))
}

// unwrapPath drops the operation and path of an *os.PathError, for
// messages that name the file themselves.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
