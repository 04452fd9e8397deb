package render

import "fmt"

// ReadableRows is the most rows a table of an HTML page or of a picture
// shows (the resilience matrix, each group of impacted resources, the
// services, the data stores): past it a page takes seconds for a browser
// to lay out and nobody reads it. The rows shown are the first in the
// table's order, which puts the worst first where the table is ranked;
// a last line says how many more there are and which report lists every
// one. Text, Markdown, CSV and JSON reports list everything.
const ReadableRows = 500

// shownRows is how many of n rows a page or picture shows.
func shownRows(n int) int { return min(n, ReadableRows) }

// moreRows says what a table leaves out of n rows, naming the report
// that lists them all; "" when it shows them all.
func moreRows(n int, noun, every string) string {
	if n <= ReadableRows {
		return ""
	}
	return fmt.Sprintf("the first %d of %d %s shown; %s lists every one", ReadableRows, n, noun, every)
}
