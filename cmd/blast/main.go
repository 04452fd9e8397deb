// Command blast is a dependency blast-radius analyzer for cloud systems.
//
// BLAST_CPUPROFILE=FILE writes a CPU profile of the run to FILE, and
// BLAST_MEMPROFILE=FILE the profile of what it allocated (pprof's
// "allocs": an allocation sampled about every 512 KiB, live or
// collected, up to the collection run when the command ends), for
// `go tool pprof` (see docs/performance.md).
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"

	"github.com/blast-dev/blast/cmd"
)

func main() {
	stop := profile(os.Getenv("BLAST_CPUPROFILE"))
	code := cmd.Execute()
	stop()
	allocs(os.Getenv("BLAST_MEMPROFILE"))
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

// allocs writes the profile of the run's allocations to path, when it
// is not empty.
func allocs(path string) {
	if path == "" {
		return
	}
	runtime.GC() // the profile counts what a finished collection saw
	f, err := os.Create(path)
	if err == nil {
		err = pprof.Lookup("allocs").WriteTo(f, 0)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "blast: BLAST_MEMPROFILE: %v\n", err)
	}
}
