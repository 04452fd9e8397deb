package analyzer

// texts hands out one string for each distinct text written into its
// buffer. Explanations and inference notes repeat: a redundancy group's
// explanation (hundreds of bytes, naming its members) is the same for
// every node behind the group, and so is a spread group's reason and
// note, thousands of times on a large state; each was a string of its
// own, held until the report was written. Not safe on several cores.
type texts struct {
	buf  []byte            // the text being written
	said map[string]string // the texts handed out so far
}

// of returns b (usually t.buf, appended to) as a string, the one handed
// out before for the same text, and keeps b's room for the next text.
func (t *texts) of(b []byte) string {
	t.buf = b[:0]
	if s, ok := t.said[string(b)]; ok {
		return s
	}
	s := string(b)
	if t.said == nil {
		t.said = map[string]string{}
	}
	t.said[s] = s
	return s
}

// appendJoined appends the items separated by ", ".
func appendJoined(b []byte, items []string) []byte {
	for j, it := range items {
		if j > 0 {
			b = append(b, ", "...)
		}
		b = append(b, it...)
	}
	return b
}
