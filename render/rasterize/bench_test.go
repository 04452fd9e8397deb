package rasterize

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkDemoAll rasterises the demo's full view (fixtures/diagrams)
// at 96 dpi: picture only, and picture plus PNG encoding.
func BenchmarkDemoAll(b *testing.B) {
	svg, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "diagrams", "demo-us-east-1-all.svg"))
	if err != nil {
		b.Skip(err)
	}
	b.Run("image", func(b *testing.B) {
		for b.Loop() {
			if _, err := Image(svg, 4.0/3); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("png", func(b *testing.B) {
		for b.Loop() {
			if err := PNG(io.Discard, svg, 4.0/3); err != nil {
				b.Fatal(err)
			}
		}
	})
}
