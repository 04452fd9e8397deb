package cmd

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
)

// memoryFloor and memoryPerInputByte set the soft memory limit of a run
// (see limitMemory): the heap may hold the input once, the graph built
// from it and the working space of the analysis and the report.
const (
	memoryFloor        = 64 << 20
	memoryPerInputByte = 2.5
	memoryLimitFrom    = 32 << 20 // inputs smaller than this keep the default
)

// limitMemory sets a soft memory limit proportional to the size of the
// inputs, so that a large state (hundreds of megabytes) is analysed in a
// few times its size: by default Go lets the heap grow to twice what is
// live before collecting, and an import holds the file and the graph
// built from it at once. The limit only makes the collector work harder
// near it; nothing fails. GOMEMLIMIT, when set, wins; so does the
// default for small inputs, stdin and embedded files, whose size is not
// known in advance. cmd.Run restores the previous limit.
func limitMemory(paths []string, fsys fs.FS) {
	if os.Getenv("GOMEMLIMIT") != "" || fsys != nil {
		return
	}
	var total int64
	for _, p := range paths {
		if p == "-" {
			return
		}
		info, err := os.Stat(p) // follows a symbolic link, as loading does
		if err != nil {
			continue
		}
		if !info.IsDir() {
			total += info.Size()
			continue
		}
		_ = filepath.WalkDir(p, func(_ string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				if info, err := d.Info(); err == nil {
					total += info.Size()
				}
			}
			return nil
		})
	}
	if total < memoryLimitFrom {
		return
	}
	debug.SetMemoryLimit(memoryFloor + int64(float64(total)*memoryPerInputByte))
}
