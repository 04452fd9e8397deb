package analyzer

import "errors"

// ScenarioInfo is one named scenario as blast scenarios lists it: its
// definition, with the domains it takes down in their canonical names
// (as written when a location only the inputs can tell) and its effects.
type ScenarioInfo struct {
	Name    string   `json:"name"`
	Title   string   `json:"title,omitempty"`
	Date    string   `json:"date,omitempty"`
	Summary string   `json:"summary,omitempty"`
	Sources []string `json:"sources"`
	Down    []string `json:"down"`
	Effects []Effect `json:"effects"`
	// Origin is "built-in" or the blast.toml that declares it.
	Origin string `json:"origin"`
}

// Describe lists every named scenario, sorted by name.
func (c *Catalog) Describe() ([]ScenarioInfo, error) {
	var list []ScenarioInfo
	for _, d := range c.List() {
		s, err := ScenarioFromDef(d, nil)
		down := s.DomainNames()
		switch {
		case errors.Is(err, ErrUnknownLocation):
			down = d.Down // a location only the inputs can tell
		case err != nil:
			return nil, err
		}
		list = append(list, ScenarioInfo{Name: d.Name, Title: d.Title, Date: d.Date, Summary: d.Summary, Sources: d.Sources,
			Down: down, Effects: s.Effects, Origin: d.Origin})
	}
	return list, nil
}
