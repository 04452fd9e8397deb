package importers

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sync"

	"github.com/compose-spec/compose-go/v2/dotenv"
)

// Env is where an input looks up the variables it interpolates (compose
// files: ${VAR}, ${VAR:-default}): the process environment first, then
// the env files, as docker compose does. The env files are the ones named
// with --env-file (later files win), or else the .env file beside the
// input when there is one. A nil *Env has no variables.
type Env struct {
	process func(string) (string, bool)
	files   []string // named env files; none: the .env beside the input
	dir     string   // the input's directory
	cache   *envCache
}

// envCache reads each env file of one Load once.
type envCache struct {
	mu    sync.Mutex
	read  func(string) ([]byte, error)
	files map[string]envFile
}

type envFile struct {
	vars map[string]string
	err  error
}

// newEnv returns the Env of the inputs of one Load.
func newEnv(opt Options) func(inputPath string) *Env {
	c := &envCache{files: map[string]envFile{}, read: func(p string) ([]byte, error) {
		if opt.FS != nil {
			return fs.ReadFile(opt.FS, path.Clean(filepath.ToSlash(p)))
		}
		return os.ReadFile(p)
	}}
	return func(inputPath string) *Env {
		dir := "."
		if inputPath != "-" {
			dir = filepath.Dir(inputPath)
		}
		return &Env{process: opt.Environ, files: opt.EnvFiles, dir: dir, cache: c}
	}
}

// Lookup reads the env files and returns the function that looks a
// variable up. A named env file that cannot be read or parsed is an error
// naming it; a missing .env beside the input is not.
func (e *Env) Lookup() (func(string) (string, bool), error) {
	if e == nil {
		return func(string) (string, bool) { return "", false }, nil
	}
	files, optional := e.files, false
	if len(files) == 0 {
		files, optional = []string{filepath.Join(e.dir, ".env")}, true
	}
	merged := map[string]string{}
	for _, f := range files {
		vars, err := e.cache.get(f, optional, e.process, merged)
		if err != nil {
			return nil, err
		}
		for k, v := range vars {
			merged[k] = v
		}
	}
	return func(name string) (string, bool) {
		if e.process != nil {
			if v, ok := e.process(name); ok {
				return v, true
			}
		}
		v, ok := merged[name]
		return v, ok
	}, nil
}

// get reads one env file; its own ${VAR} references see the process
// environment, then the files read before it.
func (c *envCache) get(name string, optional bool, process func(string) (string, bool), before map[string]string) (map[string]string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if f, ok := c.files[name]; ok {
		return f.vars, f.err
	}
	var f envFile
	data, err := c.read(name)
	switch {
	case err != nil && optional && errors.Is(err, fs.ErrNotExist):
	case err != nil:
		f.err = fmt.Errorf("env file %s: %w", name, cleanErr(err))
	default:
		f.vars, err = dotenv.UnmarshalBytesWithLookup(data, func(k string) (string, bool) {
			if process != nil {
				if v, ok := process(k); ok {
					return v, true
				}
			}
			v, ok := before[k]
			return v, ok
		})
		if err != nil {
			f.err = fmt.Errorf("env file %s: %w", name, err)
		}
	}
	c.files[name] = f
	return f.vars, f.err
}
