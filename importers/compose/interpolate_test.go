package compose_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/formats"
)

// environ is a process environment for tests.
func environ(vars map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := vars[k]
		return v, ok
	}
}

func loadWith(t *testing.T, files map[string]string, opt importers.Options, paths ...string) (*importers.Result, error) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	opt.FS = fsys
	if opt.Importers == nil {
		opt = formats.Defaults(opt)
	}
	return importers.Load(paths, opt)
}

// typed holds variables in typed fields blast does not read (ports,
// healthcheck, deploy, volumes, image) and in the fields it reads.
const typed = `name: ${PROJECT:-shop}
services:
  web:
    image: nginx:${TAG}
    ports: ["${PORT}:80", "${ADMIN_PORT:-8081}:81"]
    volumes: ["${DATA_DIR}:/data"]
    healthcheck:
      test: ["CMD", "true"]
      retries: ${RETRIES}
      interval: ${INTERVAL}
    deploy:
      replicas: ${REPLICAS}
    environment:
      API: http://${API_HOST}:8080
      LITERAL: $$CACHE_HOST
      CACHE_ADDR: ${CACHE_HOST-cache}
    depends_on:
      db:
        condition: service_healthy
        required: ${DB_REQUIRED}
  api: {image: x}
  cache: {image: x}
  other: {image: x}
  db: {image: postgres}
`

func TestInterpolation(t *testing.T) {
	for _, tc := range []struct {
		name     string
		files    map[string]string
		opt      importers.Options
		path     string
		edges    string
		warnings string
	}{
		{
			name:  "nothing set: unread typed fields never refuse the file; the unset that blast reads are named once",
			files: map[string]string{"app/compose.yml": typed},
			edges: `compose:shop/web -> compose:shop/cache hard via env:CACHE_ADDR
compose:shop/web -> compose:shop/db hard via depends_on
`,
			warnings: `app/compose.yml: variables not set, taken as empty: API_HOST, DB_REQUIRED (set them in the environment, in .env beside the file, or with --env-file)
`,
		},
		{
			name: ".env beside the file",
			files: map[string]string{"app/compose.yml": typed, "app/.env": `# comment
PROJECT=prod
API_HOST=api
export CACHE_HOST=other
DB_REQUIRED=false
`},
			edges: `compose:prod/web -> compose:prod/api hard via env:API
compose:prod/web -> compose:prod/db soft via depends_on
compose:prod/web -> compose:prod/other hard via env:CACHE_ADDR
`,
		},
		{
			name:  "the process environment comes before .env",
			files: map[string]string{"app/compose.yml": typed, "app/.env": "API_HOST=api\nDB_REQUIRED=true\nCACHE_HOST=other\n"},
			opt:   importers.Options{Environ: environ(map[string]string{"API_HOST": "cache", "CACHE_HOST": ""})},
			// CACHE_HOST set but empty: ${CACHE_HOST-cache} keeps the empty value
			edges: `compose:shop/web -> compose:shop/cache hard via env:API
compose:shop/web -> compose:shop/db hard via depends_on
`,
		},
		{
			name: "--env-file replaces .env; later files win and see earlier ones",
			files: map[string]string{"app/compose.yml": typed, "app/.env": "API_HOST=other\n",
				"one.env": "HOST=api\nDB_REQUIRED=true\n", "two.env": "API_HOST=${HOST}\n"},
			opt: importers.Options{EnvFiles: []string{"one.env", "two.env"}},
			edges: `compose:shop/web -> compose:shop/api hard via env:API
compose:shop/web -> compose:shop/cache hard via env:CACHE_ADDR
compose:shop/web -> compose:shop/db hard via depends_on
`,
		},
		{
			name: "required variables unset are empty and named; nested defaults",
			files: map[string]string{"compose.yml": `services:
  a:
    image: x
    environment:
      - DB=${DB_HOST:?set DB_HOST}
      - CACHE_ADDR=${CACHE_HOST:-${FALLBACK:-b}}
      - PLAIN=$PLAIN_HOST
  b: {image: x}
`},
			edges: `compose:a -> compose:b hard via env:CACHE_ADDR
`,
			warnings: `compose.yml: variables not set, taken as empty: DB_HOST, PLAIN_HOST (set them in the environment, in .env beside the file, or with --env-file)
`,
		},
		{
			name: "anchors, merge keys and !reset read as written",
			files: map[string]string{"compose.yml": `x-common: &common
  depends_on: [db]
  environment: {CACHE_ADDR: "${CACHE_HOST:-cache}"}
  ports: ["${P}:1"]
services:
  a:
    <<: *common
    image: x
  b:
    <<: *common
    depends_on: !reset []
  db: {image: x}
  cache: {image: x}
`},
			edges: `compose:a -> compose:cache hard via env:CACHE_ADDR
compose:a -> compose:db hard via depends_on
compose:b -> compose:cache hard via env:CACHE_ADDR
`,
		},
		{
			name:  "stdin reads the .env of the working directory, as docker compose -f - does",
			files: map[string]string{".env": "API_HOST=api\n"},
			opt:   importers.Options{Stdin: strings.NewReader("services:\n  a: {environment: {X: \"http://${API_HOST}:1\"}}\n  api: {}\n")},
			path:  "-",
			edges: `compose:a -> compose:api hard via env:X
`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := tc.path
			if path == "" {
				for name := range tc.files {
					if strings.HasSuffix(name, "compose.yml") {
						path = name
					}
				}
			}
			res, err := loadWith(t, tc.files, tc.opt, path)
			if err != nil {
				t.Fatal(err)
			}
			if got := edgeLines(res.Graph); got != tc.edges {
				t.Errorf("edges:\n%s\nwant:\n%s", got, tc.edges)
			}
			if got := warnLines(res.Graph); got != tc.warnings {
				t.Errorf("warnings:\n%s\nwant:\n%s", got, tc.warnings)
			}
		})
	}
}

func TestInterpolationErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		opt   importers.Options
		want  string
	}{
		{
			name:  "a bad template in a field blast reads: one line, naming the file",
			files: map[string]string{"compose.yml": "services:\n  a:\n    environment: {X: \"${\"}\n"},
			want:  "compose: compose.yml: invalid interpolation format for services.a.environment.X (write $$ for a literal $)",
		},
		{
			name: "many bad values: the first, and how many more",
			files: map[string]string{"compose.yml": `services:
  a:
    depends_on:
      b: {condition: service_started, required: "${R:-maybe}"}
      c: {condition: service_started, required: "${R:-perhaps}"}
      d: {condition: service_started, required: "${R:-never}"}
  b: {}
  c: {}
  d: {}
`},
			want: `compose: compose.yml: error while interpolating services.a.depends_on.b.required: failed to cast to expected type: invalid boolean: maybe (and 2 more)`,
		},
		{
			name:  "a named env file that is missing",
			files: map[string]string{"compose.yml": "services: {a: {}}\n"},
			opt:   importers.Options{EnvFiles: []string{"prod.env"}},
			want:  "env file prod.env: no such file or directory",
		},
		{
			name:  "a broken .env beside the file",
			files: map[string]string{"compose.yml": "services: {a: {}}\n", ".env": "A='unterminated\n"},
			want:  "compose: compose.yml: env file .env: ",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadWith(t, tc.files, tc.opt, "compose.yml")
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, tc.want) || strings.Contains(msg, "\n") || strings.Contains(msg, "nonexistent") {
				t.Errorf("error = %q\nwant   %q", msg, tc.want)
			}
		})
	}
}
