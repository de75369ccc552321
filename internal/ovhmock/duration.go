package ovhmock

import (
	"math/big"
	"strconv"
	"strings"
	"time"
)

// isoDuration is a parsed ISO 8601 duration. Years and months have no fixed
// length, so they are kept apart; weeks, days and the time part are folded
// into nanoseconds.
type isoDuration struct {
	years, months int64
	nanos         int64
}

// designator units in nanoseconds; 0 marks the calendar units kept apart.
var (
	dateUnits = map[byte]int64{'Y': 0, 'M': 0, 'W': int64(7 * 24 * time.Hour), 'D': int64(24 * time.Hour)}
	timeUnits = map[byte]int64{'H': int64(time.Hour), 'M': int64(time.Minute), 'S': int64(time.Second)}
	dateOrder = "YMWD"
	timeOrder = "HMS"
)

// parseISODuration accepts PnYnMnWnDTnHnMnS with every part optional but at
// least one present, parts in that order, and a decimal fraction on the last
// part only. Signs are refused: the API's duration type is never negative.
func parseISODuration(s string) (isoDuration, bool) {
	var d isoDuration
	rest, ok := strings.CutPrefix(s, "P")
	if !ok || rest == "" {
		return d, false
	}
	total := new(big.Rat)
	inTime, parts, timeParts := false, 0, 0
	lastOrder := -1
	sawFraction := false
	for rest != "" {
		if rest[0] == 'T' {
			if inTime {
				return d, false
			}
			inTime, lastOrder, rest = true, -1, rest[1:]
			continue
		}
		if sawFraction {
			return d, false // a fraction is only allowed on the last part
		}
		i := 0
		for i < len(rest) && (rest[i] >= '0' && rest[i] <= '9' || rest[i] == '.' || rest[i] == ',') {
			i++
		}
		if i == 0 || i == len(rest) {
			return d, false
		}
		number, designator := strings.ReplaceAll(rest[:i], ",", "."), rest[i]
		rest = rest[i+1:]
		if number[0] == '.' || number[len(number)-1] == '.' || strings.Count(number, ".") > 1 {
			return d, false
		}
		order, units := dateOrder, dateUnits
		if inTime {
			order, units = timeOrder, timeUnits
		}
		pos := strings.IndexByte(order, designator)
		if pos < 0 || pos <= lastOrder {
			return d, false
		}
		lastOrder = pos
		parts++
		if inTime {
			timeParts++
		}
		sawFraction = strings.Contains(number, ".")
		unit := units[designator]
		if unit == 0 { // years or months: whole numbers only
			if sawFraction {
				return d, false
			}
			n, err := strconv.ParseInt(number, 10, 32)
			if err != nil {
				return d, false
			}
			if designator == 'Y' {
				d.years = n
			} else {
				d.months = n
			}
			continue
		}
		v, ok := new(big.Rat).SetString(number)
		if !ok {
			return d, false
		}
		total.Add(total, v.Mul(v, new(big.Rat).SetInt64(unit)))
	}
	if parts == 0 || (inTime && timeParts == 0) {
		return d, false
	}
	// Sub-nanosecond precision is dropped; anything that does not fit in a
	// time.Duration is refused rather than wrapped.
	n := new(big.Int).Quo(total.Num(), total.Denom())
	if !n.IsInt64() {
		return d, false
	}
	d.nanos = n.Int64()
	return d, true
}

func (d isoDuration) isZero() bool {
	return d.years == 0 && d.months == 0 && d.nanos == 0
}

// canonical renders the duration the way OVHcloud's backend does for zero
// (P0D): days, then hours, minutes and seconds, each only when non-zero, with
// overflowing units carried (PT90S -> PT1M30S, PT24H -> P1D, P1W -> P7D).
func (d isoDuration) canonical() string {
	if d.isZero() {
		return "P0D"
	}
	var b strings.Builder
	b.WriteByte('P')
	if d.years != 0 {
		b.WriteString(strconv.FormatInt(d.years, 10) + "Y")
	}
	if d.months != 0 {
		b.WriteString(strconv.FormatInt(d.months, 10) + "M")
	}
	day := int64(24 * time.Hour)
	if days := d.nanos / day; days != 0 {
		b.WriteString(strconv.FormatInt(days, 10) + "D")
	}
	rest := time.Duration(d.nanos % day)
	if rest == 0 {
		return b.String()
	}
	b.WriteByte('T')
	if h := rest / time.Hour; h != 0 {
		b.WriteString(strconv.FormatInt(int64(h), 10) + "H")
	}
	if m := rest % time.Hour / time.Minute; m != 0 {
		b.WriteString(strconv.FormatInt(int64(m), 10) + "M")
	}
	if s := rest % time.Minute; s != 0 {
		secs := strconv.FormatFloat(s.Seconds(), 'f', 9, 64)
		secs = strings.TrimRight(strings.TrimRight(secs, "0"), ".")
		b.WriteString(secs + "S")
	}
	return b.String()
}

// validDuration is the schema check for the API's duration type.
func validDuration(s string) bool {
	_, ok := parseISODuration(s)
	return ok
}

// normaliseDuration is what the API stores for a duration it accepted: zero
// always comes back as P0D; other values keep their spelling unless the mock
// was asked to canonicalise them too.
func normaliseDuration(s string, canonical bool) string {
	d, ok := parseISODuration(s)
	switch {
	case !ok:
		return s // only reachable through out-of-band changes; keep them as set
	case d.isZero():
		return "P0D"
	case canonical:
		return d.canonical()
	default:
		return s
	}
}
