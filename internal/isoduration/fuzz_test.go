package isoduration

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/sosodev/duration"
)

var fuzzSeeds = []string{
	"PT30S", "PT1M30S", "PT0.5S", "P1DT2H", "P2W", "P1W2D", "PT0S", "P0D", "PT0M", "P0W",
	"PT60S", "PT1M", "PT1H", "PT60M", "P1D", "PT24H", "P0Y0M0DT30S", "PT1H1M1.25S",
	"PT2562047H47M16.854775807S", "PT2562047H47M16.854775808S", "P106751DT23H47M16.854775807S",
	"PT0.0000000005S", "PT0.000000001S", "PT9999999999999H", "P15250W106751DT2562047H",
	"-PT5S", "PT-5S", "P1Y", "P1M", "P1Y2M3D", "1m", "30s", "PT", "P", "", " PT5S", "PT5S\n",
	"PT1.5M30S", "PT5S1M", "PP1D", "P1DT", "PT1e3S", "PT\u0663S",
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			if d != 0 {
				t.Fatalf("Parse(%q) = %v with error %v", s, d, err)
			}
			known := false
			for _, e := range []error{ErrEmpty, ErrTooLong, ErrSyntax, ErrNegative, ErrYearMonth, ErrTooLarge} {
				known = known || errors.Is(err, e)
			}
			if !known {
				t.Fatalf("Parse(%q) returned an unexpected error %v", s, err)
			}
			if !Equal(s, s) {
				t.Fatalf("Equal(%q, itself) = false", s)
			}
			return
		}

		if d < 0 {
			t.Fatalf("Parse(%q) = %v, negative", s, d)
		}
		// Everything accepted is also accepted by the underlying parser.
		parsed, err := duration.Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q) accepted what duration.Parse rejects: %v", s, err)
		}
		// Within range, the length agrees with the underlying conversion.
		if got := parsed.ToTimeDuration(); got != d {
			t.Fatalf("Parse(%q) = %v, duration.Parse gives %v", s, d, got)
		}

		c := Canonical(d)
		back, err := Parse(c)
		if err != nil || back != d {
			t.Fatalf("Parse(Canonical(Parse(%q))) = Parse(%q) = %v, %v; want %v", s, c, back, err, d)
		}
		if Canonical(back) != c {
			t.Fatalf("Canonical is not stable for %q: %q then %q", s, c, Canonical(back))
		}
		if !Equal(s, c) || !Equal(c, s) {
			t.Fatalf("Equal(%q, %q) = %v, Equal(%q, %q) = %v; want true", s, c, Equal(s, c), c, s, Equal(c, s))
		}

		ok, diags := NewDurationValue(c).StringSemanticEquals(context.Background(), NewDurationValue(s))
		if !ok || diags.HasError() {
			t.Fatalf("StringSemanticEquals(%q, %q) = %v, %v", c, s, ok, diags)
		}
	})
}

func FuzzCanonical(f *testing.F) {
	for _, n := range []int64{0, 1, 999999999, 1000000000, 60000000000, 90000000000, 3600000000001, 86400000000000, math.MaxInt64, -1, math.MinInt64} {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, n int64) {
		d := time.Duration(n)
		c := Canonical(d)
		back, err := Parse(c)
		if d < 0 {
			if !errors.Is(err, ErrNegative) {
				t.Fatalf("Parse(Canonical(%d)) = Parse(%q) = %v, %v; want %v", n, c, back, err, ErrNegative)
			}
			return
		}
		if err != nil || back != d {
			t.Fatalf("Parse(Canonical(%d)) = Parse(%q) = %v, %v", n, c, back, err)
		}
	})
}

func FuzzEqual(f *testing.F) {
	f.Add("PT0S", "P0D")
	f.Add("PT60S", "PT1M")
	f.Add("PT1H", "PT60M")
	f.Add("P1D", "PT24H")
	f.Add("P1W", "P7D")
	f.Add("PT30S", "PT31S")
	f.Add("P1M", "PT1M")
	f.Add("PT-5S", "PT-5S")
	f.Add("", "PT0S")
	f.Add("abc", "abc")
	f.Add("PT0.5S", "PT0.500000000S")
	f.Add("PT0.0000000004S", "PT0S")
	f.Fuzz(func(t *testing.T, a, b string) {
		got := Equal(a, b)
		if got != Equal(b, a) {
			t.Fatalf("Equal(%q, %q) = %v but Equal(%q, %q) = %v", a, b, got, b, a, !got)
		}
		if !Equal(a, a) || !Equal(b, b) {
			t.Fatalf("Equal is not reflexive for %q or %q", a, b)
		}

		da, errA := Parse(a)
		db, errB := Parse(b)
		want := a == b
		if errA == nil && errB == nil {
			want = da == db
			if got != (Canonical(da) == Canonical(db)) {
				t.Fatalf("Equal(%q, %q) = %v but their canonical forms are %q and %q", a, b, got, Canonical(da), Canonical(db))
			}
		}
		if got != want {
			t.Fatalf("Equal(%q, %q) = %v, want %v", a, b, got, want)
		}

		sem, diags := NewDurationValue(a).StringSemanticEquals(context.Background(), NewDurationValue(b))
		if diags.HasError() || sem != got {
			t.Fatalf("StringSemanticEquals(%q, %q) = %v, %v; Equal = %v", a, b, sem, diags, got)
		}
	})
}
