package isoduration

import (
	"context"
	"testing"
)

var benchInputs = []string{"PT0S", "P0D", "PT30S", "PT1M30S", "PT0.5S", "P1DT2H", "PT2562047H47M16.854775807S", "PT-5S", "P1Y2M3D", "30s"}

func BenchmarkParse(b *testing.B) {
	for _, in := range benchInputs {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = Parse(in)
			}
		})
	}
}

func BenchmarkSemanticEquals(b *testing.B) {
	ctx := context.Background()
	pairs := []struct{ name, prior, proposed string }{
		{"same", "PT30S", "PT30S"},
		{"zero", "PT0S", "P0D"},
		{"canonicalised", "PT60S", "PT1M"},
		{"different", "PT30S", "PT45S"},
		{"invalid", "PT-5S", "PT5S"},
	}
	for _, p := range pairs {
		prior, proposed := NewDurationValue(p.prior), NewDurationValue(p.proposed)
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = proposed.StringSemanticEquals(ctx, prior)
			}
		})
	}
}
