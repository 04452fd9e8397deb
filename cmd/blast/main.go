// Command blast is a dependency blast-radius analyzer for cloud systems.
//
// BLAST_CPUPROFILE=FILE writes a CPU profile of the run to FILE, for
// `go tool pprof` (see README, Performance).
package main

import (
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/blast-dev/blast/cmd"
)

func main() {
	stop := profile(os.Getenv("BLAST_CPUPROFILE"))
	code := cmd.Execute()
	stop()
	os.Exit(code)
}

// profile starts a CPU profile written to path, when it is not empty,
// and returns what stops it.
func profile(path string) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "blast: BLAST_CPUPROFILE: %v\n", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			fmt.Fprintf(os.Stderr, "blast: BLAST_CPUPROFILE: %v\n", err)
		}
	}
}
