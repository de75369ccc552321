package isoduration

import (
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestParseAccepts(t *testing.T) {
	t.Parallel()

	tests := []struct {
		in   string
		want time.Duration
	}{
		{"PT30S", 30 * time.Second},
		{"PT1M30S", 90 * time.Second},
		{"PT0.5S", 500 * time.Millisecond},
		{"P1DT2H", 26 * time.Hour},
		{"P2W", 14 * 24 * time.Hour},
		{"P1W", 7 * 24 * time.Hour},
		{"P1W2D", 9 * 24 * time.Hour},
		{"PT0S", 0},
		{"P0D", 0},
		{"PT0M", 0},
		{"P0W", 0},
		{"PT0H0M0S", 0},
		{"PT60S", time.Minute},
		{"PT1M", time.Minute},
		{"PT1H", time.Hour},
		{"PT60M", time.Hour},
		{"P1D", 24 * time.Hour},
		{"PT24H", 24 * time.Hour},
		{"P1DT12H", 36 * time.Hour},
		{"PT1.5H", 90 * time.Minute},
		{"PT1H1M1.25S", time.Hour + time.Minute + 1250*time.Millisecond},
		{"PT00005S", 5 * time.Second},
		{"PT0.000000001S", time.Nanosecond},
		{"PT0.0000000004S", 0},
		{"PT0.100S", 100 * time.Millisecond},
		{"P0Y0M0DT30S", 30 * time.Second},
		{"P0Y0M1D", 24 * time.Hour},
		{"P0.0Y", 0},
		{"PT2562047H47M16.854775807S", math.MaxInt64},
		{"P106751DT23H47M16.854775807S", math.MaxInt64},
		{"PT" + strings.Repeat("0", MaxLength-4) + "1S", time.Second},
		{"PT0." + strings.Repeat("0", MaxLength-6) + "1S", 0},
		{"PT0.99999999999999999999S", time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tt.in, err)
			}
			if got != tt.want {
				t.Fatalf("Parse(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	t.Parallel()

	tests := []struct {
		in   string
		want error
	}{
		{"", ErrEmpty},

		{"-PT5S", ErrNegative},
		{"PT-5S", ErrNegative},
		{"P-1D", ErrNegative},
		{"P1DT-1H", ErrNegative},
		{"-P0D", ErrNegative},
		{"-P1Y", ErrNegative},

		{"P1Y", ErrYearMonth},
		{"P1M", ErrYearMonth},
		{"P1Y2M", ErrYearMonth},
		{"P1Y2M3D", ErrYearMonth},
		{"P0.5M", ErrYearMonth},
		{"P0Y1MT1M", ErrYearMonth},
		{"P" + strings.Repeat("9", 90) + "Y", ErrYearMonth},

		{"PT9999999999999H", ErrTooLarge},
		{"PT2562047H47M16.854775808S", ErrTooLarge},
		{"PT2562048H", ErrTooLarge},
		{"P106752D", ErrTooLarge},
		{"P15251W", ErrTooLarge},
		{"P99999999999999999999D", ErrTooLarge},
		{"PT" + strings.Repeat("9", MaxLength-3) + "S", ErrTooLarge},
		{"PT" + strings.Repeat("0", MaxLength-3) + "1S", ErrTooLong},
		{"PT" + strings.Repeat("9", 400) + "S", ErrTooLong},
		{strings.Repeat(" ", 1<<20), ErrTooLong},
		{"P15250W106751DT2562047H", ErrTooLarge},

		{"1m", ErrSyntax},
		{"30s", ErrSyntax},
		{"5S", ErrSyntax},
		{"T5S", ErrSyntax},
		{"P", ErrSyntax},
		{"PT", ErrSyntax},
		{"-", ErrSyntax},
		{"-P", ErrSyntax},
		{"--PT5S", ErrSyntax},
		{"PT--5S", ErrSyntax},
		{"PT5-S", ErrSyntax},
		{" PT5S", ErrSyntax},
		{"PT5S ", ErrSyntax},
		{"PT5S\n", ErrSyntax},
		{"P T5S", ErrSyntax},
		{"pt5s", ErrSyntax},
		{"PT5s", ErrSyntax},
		{"PT5", ErrSyntax},
		{"PTS", ErrSyntax},
		{"PT.5S", ErrSyntax},
		{"PT5.S", ErrSyntax},
		{"PT0,5S", ErrSyntax},
		{"PT1.2.3S", ErrSyntax},
		{"PT1.5M30S", ErrSyntax},
		{"P1.5DT1H", ErrSyntax},
		{"PT5S1M", ErrSyntax},
		{"PT1S1S", ErrSyntax},
		{"P1D2W", ErrSyntax},
		{"P1M1Y", ErrSyntax},
		{"P1DT", ErrSyntax},
		{"PP1D", ErrSyntax},
		{"PT1HT1M", ErrSyntax},
		{"P1H", ErrSyntax},
		{"P1S", ErrSyntax},
		{"PT1D", ErrSyntax},
		{"PT1W", ErrSyntax},
		{"PT1Y", ErrSyntax},
		{"+PT5S", ErrSyntax},
		{"PT+5S", ErrSyntax},
		{"PT1e3S", ErrSyntax},
		{"PTInfS", ErrSyntax},
		{"PTNaNS", ErrSyntax},
		{"PT1_000S", ErrSyntax},
		{"PT0x10S", ErrSyntax},
		{"PT\u0663S", ErrSyntax}, // ARABIC-INDIC DIGIT THREE
		{"PT\uff15S", ErrSyntax}, // FULLWIDTH DIGIT FIVE
		{"P0003-06-04T12:30:05", ErrSyntax},
		{"R5/PT1S", ErrSyntax},
		{"\xffPT5S", ErrSyntax},
		{"PT5S\x00", ErrSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Parse(%q) = %v, %v; want error %q", tt.in, got, err, tt.want)
			}
			if got != 0 {
				t.Fatalf("Parse(%q) returned %v along with an error", tt.in, got)
			}
		})
	}
}

func TestEqual(t *testing.T) {
	t.Parallel()

	tests := []struct {
		a, b string
		want bool
	}{
		{"PT0S", "PT0S", true},
		{"PT0S", "P0D", true},
		{"PT0S", "PT0M", true},
		{"PT0S", "P0W", true},
		{"P0D", "P0W", true},
		{"PT0M", "PT0.000S", true},
		{"PT60S", "PT1M", true},
		{"PT1H", "PT60M", true},
		{"PT1H", "PT3600S", true},
		{"P1D", "PT24H", true},
		{"P1W", "P7D", true},
		{"P1DT1H", "PT25H", true},
		{"PT0.5S", "PT0.500S", true},
		{"PT90S", "PT1M30S", true},
		{"P0Y0M0DT60S", "PT1M", true},

		{"PT1M", "PT61S", false},
		{"PT30S", "PT31S", false},
		{"P1D", "PT23H", false},
		{"PT0S", "PT0.000000001S", false},

		// When either side does not parse, the strings are compared.
		{"abc", "abc", true},
		{"abc", "abd", false},
		{"", "", true},
		{"", "PT0S", false},
		{"PT-5S", "PT-5S", true},
		{"PT-5S", "PT5S", false},
		{"P1M", "P1M", true},
		{"P1M", "PT1M", false},
		{"PT5S ", "PT5S", false},
		{"PT9999999999999H", "PT9999999999999H", true},
		{"PT9999999999999H", "PT99999999999990H", false},
	}
	for _, tt := range tests {
		t.Run(tt.a+"_"+tt.b, func(t *testing.T) {
			t.Parallel()
			if got := Equal(tt.a, tt.b); got != tt.want {
				t.Errorf("Equal(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
			if got := Equal(tt.b, tt.a); got != tt.want {
				t.Errorf("Equal(%q, %q) = %v, want %v", tt.b, tt.a, got, tt.want)
			}
		})
	}
}

func TestCanonical(t *testing.T) {
	t.Parallel()

	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "P0D"},
		{time.Nanosecond, "PT0.000000001S"},
		{500 * time.Millisecond, "PT0.5S"},
		{time.Second, "PT1S"},
		{30 * time.Second, "PT30S"},
		{time.Minute, "PT1M"},
		{90 * time.Second, "PT1M30S"},
		{time.Hour, "PT1H"},
		{time.Hour + time.Millisecond, "PT1H0.001S"},
		{time.Hour + time.Second, "PT1H1S"},
		{25 * time.Hour, "PT25H"},
		{7 * 24 * time.Hour, "PT168H"},
		{math.MaxInt64, "PT2562047H47M16.854775807S"},
		{-5 * time.Second, "-PT5S"},
		{math.MinInt64, "-PT2562047H47M16.854775808S"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			got := Canonical(tt.in)
			if got != tt.want {
				t.Fatalf("Canonical(%v) = %q, want %q", tt.in, got, tt.want)
			}
			if tt.in < 0 {
				if _, err := Parse(got); !errors.Is(err, ErrNegative) {
					t.Fatalf("Parse(%q) error = %v, want %v", got, err, ErrNegative)
				}
				return
			}
			back, err := Parse(got)
			if err != nil || back != tt.in {
				t.Fatalf("Parse(%q) = %v, %v; want %v", got, back, err, tt.in)
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	t.Parallel()

	const example = ` Use an ISO 8601 duration such as "PT30S", "PT1M30S" or "PT0S".`
	tests := []struct {
		in   string
		want string
	}{
		{"PT-5S", `"PT-5S" is not a valid duration: negative durations are not allowed.` + example},
		{"", `"" is not a valid duration: it is empty.` + example},
		{"30s", `"30s" is not a valid duration: it is not an ISO 8601 duration.` + example},
		{"PT5S\n", `"PT5S\n" is not a valid duration: it is not an ISO 8601 duration.` + example},
		{"P1M", `"P1M" is not a valid duration: year and month parts are not allowed because their length is not fixed; use days, hours, minutes or seconds.` + example},
		{"PT9999999999999H", `"PT9999999999999H" is not a valid duration: it is too large.` + example},
		{"PT" + strings.Repeat("0", 99) + "S", `"PT` + strings.Repeat("0", 98) + `"... is not a valid duration: it is longer than 100 characters.` + example},
		{"PT" + strings.Repeat("0", 97) + "éS", `"PT` + strings.Repeat("0", 97) + `"... is not a valid duration: it is longer than 100 characters.` + example},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(tt.in)
			if got := Describe(tt.in, err); got != tt.want {
				t.Fatalf("Describe(%q) =\n%s\nwant\n%s", tt.in, got, tt.want)
			}
		})
	}

	if got := Describe("PT5S", nil); got != "" {
		t.Fatalf("Describe with a nil error = %q, want empty", got)
	}
}

// TestParseGenerated parses well-formed durations built from random parts
// and compares the result with exact rational arithmetic.
func TestParseGenerated(t *testing.T) {
	t.Parallel()

	type unit struct {
		designator byte
		inTime     bool
		ns         int64
	}
	units := []unit{
		{'W', false, int64(7 * 24 * time.Hour)},
		{'D', false, int64(24 * time.Hour)},
		{'H', true, int64(time.Hour)},
		{'M', true, int64(time.Minute)},
		{'S', true, int64(time.Second)},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	maxNs := new(big.Rat).SetInt64(math.MaxInt64)

	for range 20000 {
		var b strings.Builder
		b.WriteString("P")
		exact := new(big.Rat)
		inTime := false
		var chosen []unit
		for _, u := range units {
			if rng.IntN(2) == 0 {
				chosen = append(chosen, u)
			}
		}
		if len(chosen) == 0 {
			chosen = append(chosen, units[rng.IntN(len(units))])
		}
		for i, u := range chosen {
			if u.inTime && !inTime {
				b.WriteString("T")
				inTime = true
			}
			// Mostly small numbers, sometimes large ones.
			var whole uint64
			if rng.IntN(8) == 0 {
				whole = rng.Uint64N(1 << 40)
			} else {
				whole = rng.Uint64N(200)
			}
			num := strconv.FormatUint(whole, 10)
			if i == len(chosen)-1 && rng.IntN(3) == 0 {
				num += "." + strconv.FormatUint(rng.Uint64N(1_000_000_000), 10)
			}
			b.WriteString(num)
			b.WriteByte(u.designator)

			v, ok := new(big.Rat).SetString(num)
			if !ok {
				t.Fatalf("bad generated number %q", num)
			}
			exact.Add(exact, v.Mul(v, new(big.Rat).SetInt64(u.ns)))
		}
		s := b.String()

		got, err := Parse(s)
		if exact.Cmp(maxNs) > 0 {
			// Near the limit, float rounding may go either way.
			if err != nil && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("Parse(%q) error %v, want %v", s, err, ErrTooLarge)
			}
			continue
		}
		if err != nil {
			f, _ := exact.Float64()
			if errors.Is(err, ErrTooLarge) && f > 0.999*math.MaxInt64 {
				continue
			}
			t.Fatalf("Parse(%q) error: %v", s, err)
		}

		// Round half away from zero, as math.Round does.
		// Values are positive here: floor((2*num + den) / (2*den)).
		twiceNum := new(big.Int).Lsh(exact.Num(), 1)
		twiceNum.Add(twiceNum, exact.Denom())
		want := twiceNum.Quo(twiceNum, new(big.Int).Lsh(exact.Denom(), 1))

		diff := new(big.Int).Sub(want, big.NewInt(int64(got)))
		diff.Abs(diff)
		// Each part is converted in float64: exact below about eleven days,
		// within a few parts in 1e16 above.
		tolerance := int64(float64(got) * 1e-15)
		if diff.Cmp(big.NewInt(tolerance)) > 0 {
			t.Fatalf("Parse(%q) = %d ns, want %s ns", s, int64(got), want)
		}
		if int64(got) < 1e15 && diff.Sign() != 0 {
			t.Fatalf("Parse(%q) = %d ns, want exactly %s ns", s, int64(got), want)
		}
	}
}
