// Package isoduration provides a Terraform Plugin Framework string type for
// ISO 8601 durations such as "PT30S" or "PT1M30S".
//
// Values are compared by the length of time they denote rather than by their
// spelling, so "PT60S" and "PT1M" are equal, and so are "PT0S" and "P0D".
// Year and month parts are rejected because their length is not fixed; a day
// always counts as 24 hours and a week as 7 days.
package isoduration

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sosodev/duration"
)

// Reasons returned by Parse. Their messages are short, lower-case phrases
// meant to follow "is not a valid duration: " (see Describe).
var (
	// ErrEmpty is returned for the empty string.
	ErrEmpty = errors.New("it is empty")
	// ErrSyntax is returned for anything that is not a well-formed ISO 8601
	// duration.
	ErrSyntax = errors.New("it is not an ISO 8601 duration")
	// ErrNegative is returned for durations with a minus sign.
	ErrNegative = errors.New("negative durations are not allowed")
	// ErrYearMonth is returned for durations with a non-zero year or month
	// part.
	ErrYearMonth = errors.New("year and month parts are not allowed because their length is not fixed; use days, hours, minutes or seconds")
	// ErrTooLarge is returned for durations that do not fit in a
	// time.Duration (about 292 years).
	ErrTooLarge = errors.New("it is too large")
	// ErrTooLong is returned for strings longer than MaxLength bytes.
	ErrTooLong = fmt.Errorf("it is longer than %d characters", MaxLength)
)

// MaxLength is the length of the longest string Parse looks at. The longest
// useful spelling, "P106751DT23H47M16.854775807S", has 28 characters.
const MaxLength = 100

// Example lists valid spellings, quoted, as shown in error messages.
const Example = `"PT30S", "PT1M30S" or "PT0S"`

// Parse checks that s is an ISO 8601 duration accepted by this package and
// returns its length.
//
// The accepted form is P[nY][nM][nW][nD][T[nH][nM][nS]] with at least one
// part, the parts in that order, each number made of ASCII digits with an
// optional fractional part (".5") on the last part only. Year and month parts
// (nY, nM before the T) are accepted only when their value is zero, so that
// spellings such as "P0Y0M0DT30S" still compare by value. Signs, spaces,
// lower-case letters, commas and exponents are rejected.
//
// The error is one of ErrEmpty, ErrTooLong, ErrSyntax, ErrNegative,
// ErrYearMonth and ErrTooLarge.
//
// Each part is converted to nanoseconds in float64 and rounded to the
// nearest nanosecond. This is exact for durations up to about eleven days;
// beyond that a fractional part can be off by a few parts in 10^16 (at most
// a couple of microseconds near the 292-year limit).
func Parse(s string) (time.Duration, error) {
	if s == "" {
		return 0, ErrEmpty
	}
	if len(s) > MaxLength {
		return 0, ErrTooLong
	}
	negative, yearMonth, err := scan(s)
	if err != nil {
		return 0, err
	}
	if negative {
		return 0, ErrNegative
	}
	if yearMonth {
		return 0, ErrYearMonth
	}

	parsed, err := duration.Parse(s)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, ErrTooLarge
		}
		return 0, ErrSyntax
	}
	// scan has already ruled these out; checked again so that a change in
	// the parser cannot let them through silently.
	if parsed.Negative {
		return 0, ErrNegative
	}
	if parsed.Years != 0 || parsed.Months != 0 {
		return 0, ErrYearMonth
	}
	return toDuration(parsed)
}

const (
	dateDesignators = "YMWD"
	timeDesignators = "HMS"
)

// scan checks the shape of s, which the underlying parser checks only
// loosely (it accepts "P", "PT", parts out of order or repeated, and more).
// A minus sign in front of the whole duration or of a number is allowed by
// the shape so that it can be reported as ErrNegative rather than ErrSyntax.
// yearMonth reports a non-zero year or month part.
func scan(s string) (negative, yearMonth bool, err error) {
	i := 0
	if s[i] == '-' {
		negative = true
		i++
	}
	if i >= len(s) || s[i] != 'P' {
		return false, false, ErrSyntax
	}
	i++

	inTime := false
	designators := dateDesignators
	parts, timeParts := 0, 0
	fraction := false
	for i < len(s) {
		if s[i] == 'T' {
			if inTime {
				return false, false, ErrSyntax
			}
			inTime = true
			designators = timeDesignators
			i++
			continue
		}
		if fraction {
			// Only the last part may have a fractional value.
			return false, false, ErrSyntax
		}
		if s[i] == '-' {
			negative = true
			i++
		}

		start := i
		i = skipDigits(s, i)
		if i == start {
			return false, false, ErrSyntax
		}
		nonZero := hasNonZeroDigit(s[start:i])
		if i < len(s) && s[i] == '.' {
			i++
			fracStart := i
			i = skipDigits(s, i)
			if i == fracStart {
				return false, false, ErrSyntax
			}
			nonZero = nonZero || hasNonZeroDigit(s[fracStart:i])
			fraction = true
		}
		if i >= len(s) {
			return false, false, ErrSyntax
		}

		k := strings.IndexByte(designators, s[i])
		if k < 0 {
			return false, false, ErrSyntax
		}
		if !inTime && (s[i] == 'Y' || s[i] == 'M') && nonZero {
			yearMonth = true
		}
		designators = designators[k+1:]
		i++
		parts++
		if inTime {
			timeParts++
		}
	}
	if parts == 0 || (inTime && timeParts == 0) {
		return false, false, ErrSyntax
	}
	return negative, yearMonth, nil
}

func skipDigits(s string, i int) int {
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	return i
}

func hasNonZeroDigit(digits string) bool {
	return strings.Trim(digits, "0") != ""
}

// maxDurationFloat is 2^63, the first float64 above math.MaxInt64.
const maxDurationFloat = float64(1 << 63)

// toDuration adds up the parts of d, reporting ErrTooLarge instead of
// wrapping around as duration.Duration.ToTimeDuration does.
func toDuration(d *duration.Duration) (time.Duration, error) {
	parts := [...]struct {
		value float64
		unit  time.Duration
	}{
		{d.Weeks, 7 * 24 * time.Hour},
		{d.Days, 24 * time.Hour},
		{d.Hours, time.Hour},
		{d.Minutes, time.Minute},
		{d.Seconds, time.Second},
	}
	var total time.Duration
	for _, p := range parts {
		if p.value == 0 {
			continue
		}
		ns := math.Round(p.value * float64(p.unit))
		if math.IsNaN(ns) || ns < 0 {
			return 0, ErrSyntax
		}
		if ns >= maxDurationFloat {
			return 0, ErrTooLarge
		}
		n := time.Duration(ns)
		if total > math.MaxInt64-n {
			return 0, ErrTooLarge
		}
		total += n
	}
	return total, nil
}

// Equal reports whether a and b denote the same length of time. If either
// does not parse, it reports whether the strings are identical.
func Equal(a, b string) bool {
	if a == b {
		return true
	}
	da, errA := Parse(a)
	if errA != nil {
		return false
	}
	db, errB := Parse(b)
	if errB != nil {
		return false
	}
	return da == db
}

// Describe explains why value was rejected, in the form used by
// diagnostics:
//
//	"PT-5S" is not a valid duration: negative durations are not allowed. Use an ISO 8601 duration such as "PT30S", "PT1M30S" or "PT0S".
//
// A value longer than MaxLength is cut, and "..." follows the closing quote.
// It returns "" when err is nil.
func Describe(value string, err error) string {
	if err == nil {
		return ""
	}
	quoted := strconv.Quote(value)
	if len(value) > MaxLength {
		cut := MaxLength
		for cut > 0 && !utf8.RuneStart(value[cut]) {
			cut--
		}
		quoted = strconv.Quote(value[:cut]) + "..."
	}
	return fmt.Sprintf("%s is not a valid duration: %s. Use an ISO 8601 duration such as %s.", quoted, err.Error(), Example)
}
