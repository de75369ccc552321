package ovhmock

import "testing"

func TestParseISODuration(t *testing.T) {
	valid := map[string]string{ // input -> canonical form
		"PT0S":      "P0D",
		"P0D":       "P0D",
		"PT0M":      "P0D",
		"PT0.000S":  "P0D",
		"PT1S":      "PT1S",
		"PT60S":     "PT1M",
		"PT90S":     "PT1M30S",
		"PT1M30S":   "PT1M30S",
		"PT3600S":   "PT1H",
		"PT24H":     "P1D",
		"PT25H":     "P1DT1H",
		"P1W":       "P7D",
		"P1DT12H":   "P1DT12H",
		"PT0.5S":    "PT0.5S",
		"PT1,25S":   "PT1.25S",
		"PT1.5M":    "PT1M30S",
		"P1Y2M3D":   "P1Y2M3D",
		"P1Y":       "P1Y",
		"PT100000S": "P1DT3H46M40S",
	}
	for in, want := range valid {
		d, ok := parseISODuration(in)
		if !ok {
			t.Errorf("%s refused", in)
			continue
		}
		if got := d.canonical(); got != want {
			t.Errorf("canonical(%s) = %s, want %s", in, got, want)
		}
	}
	for _, in := range []string{
		"", "P", "PT", "P1DT", "T1S", "1S", "PT1", "PT-5S", "-PT5S", "+PT5S", "PT5s", "30s",
		"PT1S1M", "P1D1Y", "PT1H1H", "PT1.5M1S", "P0.5Y", "PT.5S", "PT5.S", "PT1..5S",
		"P1DT1HT1M", "PT99999999999999999999S", "P1H", "PT1D",
	} {
		if _, ok := parseISODuration(in); ok {
			t.Errorf("%q accepted", in)
		}
	}
}

func TestNormaliseDuration(t *testing.T) {
	for _, tt := range []struct {
		in        string
		canonical bool
		want      string
	}{
		{"PT0S", false, "P0D"},
		{"PT60S", false, "PT60S"},
		{"PT60S", true, "PT1M"},
		{"P0D", true, "P0D"},
		{"not a duration", true, "not a duration"},
	} {
		if got := normaliseDuration(tt.in, tt.canonical); got != tt.want {
			t.Errorf("normaliseDuration(%q, %v) = %q, want %q", tt.in, tt.canonical, got, tt.want)
		}
	}
}
