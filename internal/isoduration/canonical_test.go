package isoduration

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Canonical spells d the way a canonicalising API would, so that the tests
// can check that a value and the API's respelling of it compare equal. Zero
// is "P0D", as the OVHcloud API answers for "PT0S". Anything else uses
// hours, minutes and seconds only, leaving out zero parts, with up to nine
// fractional digits on the seconds and no trailing zeros. Days are not used,
// so a day and an hour is "PT25H".
//
// Examples: "PT0.5S", "PT1M", "PT1M30S", "PT1H0.001S", "PT25H".
// For every d >= 0, Parse(Canonical(d)) == d. A negative d is spelled with a
// leading minus sign, which Parse rejects.
func Canonical(d time.Duration) string {
	if d == 0 {
		return "P0D"
	}
	b := make([]byte, 0, 32)
	u := uint64(d)
	if d < 0 {
		b = append(b, '-')
		u = -u // two's complement; also right for math.MinInt64
	}
	b = append(b, 'P', 'T')

	const (
		second = uint64(time.Second)
		minute = uint64(time.Minute)
		hour   = uint64(time.Hour)
	)
	if h := u / hour; h > 0 {
		b = strconv.AppendUint(b, h, 10)
		b = append(b, 'H')
	}
	u %= hour
	if m := u / minute; m > 0 {
		b = strconv.AppendUint(b, m, 10)
		b = append(b, 'M')
	}
	u %= minute
	if u > 0 {
		b = strconv.AppendUint(b, u/second, 10)
		if ns := u % second; ns > 0 {
			frac := fmt.Sprintf("%09d", ns)
			b = append(b, '.')
			b = append(b, strings.TrimRight(frac, "0")...)
		}
		b = append(b, 'S')
	}
	return string(b)
}
