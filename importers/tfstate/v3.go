package tfstate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/terraform"
)

type stateV3 struct {
	Modules *[]moduleV3 `json:"modules"`
}

type moduleV3 struct {
	Path      []string              `json:"path"`
	Resources map[string]resourceV3 `json:"resources"`
}

type resourceV3 struct {
	Type      string   `json:"type"`
	DependsOn []string `json:"depends_on"`
	Provider  string   `json:"provider"`
	Primary   *struct {
		ID         string            `json:"id"`
		Attributes map[string]string `json:"attributes"`
	} `json:"primary"`
}

// readV3 reads the legacy format 3 (Terraform 0.11 and earlier): modules
// with flat attribute maps and module-relative depends_on lists.
func readV3(body []byte) ([]*terraform.Instance, error) {
	var st stateV3
	if err := json.NewDecoder(bytes.NewReader(body)).Decode(&st); err != nil {
		return nil, fmt.Errorf("invalid format 3 state: %w", importers.JSONError(body, err))
	}
	if st.Modules == nil {
		return nil, errors.New("no \"modules\" list: not a format 3 state")
	}
	var out []*terraform.Instance
	for mi, m := range *st.Modules {
		if len(m.Path) == 0 || m.Path[0] != "root" {
			return nil, fmt.Errorf("modules[%d]: path %v does not start with root", mi, m.Path)
		}
		module := ""
		for _, p := range m.Path[1:] {
			module += ".module." + p
		}
		module = strings.TrimPrefix(module, ".")
		keys := make([]string, 0, len(m.Resources))
		for k := range m.Resources {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			r := m.Resources[k]
			mode, typ, name, key, err := parseV3Key(k)
			if err != nil {
				return nil, fmt.Errorf("modules[%d] resource %q: %w", mi, k, err)
			}
			if r.Type != "" {
				typ = r.Type
			}
			provAddr := r.Provider
			if provAddr == "" {
				provAddr = "provider." + strings.SplitN(typ, "_", 2)[0]
			}
			if i := strings.Index(provAddr, "provider."); i > 0 {
				provAddr = provAddr[i:]
			}
			prov, err := terraform.ParseProvider(provAddr)
			if err != nil {
				return nil, fmt.Errorf("modules[%d] resource %q: %w", mi, k, err)
			}
			prov.Module = module
			flat := map[string]string{}
			if r.Primary != nil {
				for ak, av := range r.Primary.Attributes {
					flat[ak] = av
				}
				if _, ok := flat["id"]; !ok && r.Primary.ID != "" {
					flat["id"] = r.Primary.ID
				}
			}
			var deps []string
			for _, d := range r.DependsOn {
				d = strings.TrimSuffix(d, ".*")
				if dm, dt, dn, _, err := parseV3Key(d); err == nil && !strings.HasPrefix(d, "module.") {
					d = terraform.ResourceAddress(module, dm, dt, dn, nil)
				} else if module != "" {
					d = module + "." + d
				}
				deps = append(deps, d)
			}
			out = append(out, &terraform.Instance{
				Address:  terraform.ResourceAddress(module, mode, typ, name, key),
				Module:   module,
				Mode:     mode,
				Type:     typ,
				Name:     name,
				Key:      key,
				Provider: prov,
				Attrs:    unflatten(flat),
				Deps:     deps,
			})
		}
	}
	return out, nil
}

// parseV3Key reads "aws_subnet.a", "aws_subnet.a.0" and "data.aws_ami.b".
func parseV3Key(k string) (mode, typ, name string, key any, err error) {
	mode = "managed"
	rest := k
	if strings.HasPrefix(rest, "data.") {
		mode = "data"
		rest = strings.TrimPrefix(rest, "data.")
	}
	parts := strings.Split(rest, ".")
	switch len(parts) {
	case 2:
	case 3:
		n, convErr := strconv.Atoi(parts[2])
		if convErr != nil {
			return "", "", "", nil, fmt.Errorf("bad index %q", parts[2])
		}
		key = float64(n)
	default:
		return "", "", "", nil, fmt.Errorf("not a resource key")
	}
	if parts[0] == "" || parts[1] == "" {
		return "", "", "", nil, fmt.Errorf("not a resource key")
	}
	return mode, parts[0], parts[1], key, nil
}
