package salkku

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Month is a calendar month counted from year 0 (year*12 + month-1). Plans
// in the seeds are made at month precision ("10/2017 – 04/2018"), so project
// dates are months, not days. The zero Month means "not set".
type Month int

// Bounds of the years Salkku accepts; anything outside is a typing error.
const (
	MinYear = 1900
	MaxYear = 2200
)

// NewMonth returns the month of the given year and month number (1–12).
func NewMonth(year, month int) Month { return Month(year*12 + month - 1) }

// IsZero reports whether m is unset.
func (m Month) IsZero() bool { return m == 0 }

// Year returns the year of m.
func (m Month) Year() int { return int(m) / 12 }

// Number returns the month number 1–12 of m.
func (m Month) Number() int { return int(m)%12 + 1 }

// String formats m the Finnish way, "10/2017"; "" when unset.
func (m Month) String() string {
	if m.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d/%d", m.Number(), m.Year())
}

// ISO formats m as "2017-10"; "" when unset.
func (m Month) ISO() string {
	if m.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d", m.Year(), m.Number())
}

// ParseMonth parses "10/2017", "04/2018", "10.2017", "10/17" (a two-digit
// year is 20YY) or "2017-10". An empty string is the zero Month.
func ParseMonth(s string) (Month, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	var ys, ms string
	if i := strings.IndexAny(s, "/."); i >= 0 {
		ms, ys = s[:i], s[i+1:]
		// "10/17" is how people write October 2017: a two-digit year
		// is of this century.
		if y := strings.TrimSpace(ys); len(y) == 2 {
			ys = "20" + y
		}
	} else if i := strings.IndexByte(s, '-'); i == 4 {
		ys, ms = s[:i], s[i+1:]
	} else {
		return 0, Errorf(EINVALID, "error.month_format")
	}
	return monthOf(ys, ms)
}

func monthOf(ys, ms string) (Month, error) {
	y, err1 := atoiStrict(strings.TrimSpace(ys))
	m, err2 := atoiStrict(strings.TrimSpace(ms))
	if err1 != nil || err2 != nil || len(strings.TrimSpace(ys)) != 4 {
		return 0, Errorf(EINVALID, "error.month_format")
	}
	if m < 1 || m > 12 {
		return 0, Errorf(EINVALID, "error.month_number")
	}
	if y < MinYear || y > MaxYear {
		return 0, Errorf(EINVALID, "error.month_year")
	}
	return NewMonth(y, m), nil
}

// atoiStrict accepts only ASCII digits (no signs, no spaces), at most 4.
func atoiStrict(s string) (int, error) {
	if s == "" || len(s) > 4 {
		return 0, strconv.ErrSyntax
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, strconv.ErrSyntax
		}
	}
	return strconv.Atoi(s)
}

// MarshalJSON writes "2017-10", or null when unset.
func (m Month) MarshalJSON() ([]byte, error) {
	if m.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(m.ISO())
}

// UnmarshalJSON reads what MarshalJSON writes, and "10/2017" too.
func (m *Month) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*m = 0
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return Errorf(EINVALID, "error.month_format")
	}
	v, err := ParseMonth(s)
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Schedule is a project's planned time span at month precision. Either end
// may be open ("9/2017–" has no end, "– 12/2018" no start), and a continuous
// ("jatkuva") project has no end at all.
type Schedule struct {
	Start      Month `json:"start"`
	End        Month `json:"end"`
	Continuous bool  `json:"continuous"`
}

// Validate checks that the end is not before the start and that a
// continuous project has no end.
func (s Schedule) Validate(fe FieldErrors) {
	if s.Continuous && !s.End.IsZero() {
		fe.Add("end", "error.continuous_with_end")
	}
	if !s.Start.IsZero() && !s.End.IsZero() && s.End < s.Start {
		fe.Add("end", "error.end_before_start")
	}
}

// Format writes s the way the seed action plan does: "10/2017 – 4/2018",
// "9/2017 –", "– 12/2018", or the given word for continuous projects
// (with its start when known: "jatkuva (alk. 5/2017)" is left to callers).
func (s Schedule) Format(continuous string) string {
	switch {
	case s.Continuous:
		if !s.Start.IsZero() {
			return s.Start.String() + " – " + continuous
		}
		return continuous
	case s.Start.IsZero() && s.End.IsZero():
		return ""
	case s.End.IsZero():
		return s.Start.String() + " –"
	case s.Start.IsZero():
		return "– " + s.End.String()
	case s.Start == s.End:
		return s.Start.String()
	}
	return s.Start.String() + " – " + s.End.String()
}

// continuousWords are the words for "continuous" in the three languages.
var continuousWords = []string{"jatkuva", "fortlöpande", "kontinuerlig", "löpande", "continuous", "ongoing"}

// isContinuousWord reports whether s is one of continuousWords, in any case.
func isContinuousWord(s string) bool {
	low := strings.ToLower(s)
	for _, w := range continuousWords {
		if low == w {
			return true
		}
	}
	return false
}

// ParseSchedule reads a month range as written in the seed documents:
// "10/2017 – 04/2018", "4/2017-1/2018", "8-10/2017", "9/2017–", "( - 12/2018)",
// "10/2017", "jatkuva" and "5/2017 – jatkuva". An empty string is an empty
// schedule.
func ParseSchedule(s string) (Schedule, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, "("), ")"))
	if s == "" {
		return Schedule{}, nil
	}
	if isContinuousWord(s) {
		return Schedule{Continuous: true}, nil
	}
	// Normalise the dashes writers use between the ends.
	s = strings.NewReplacer("–", "-", "—", "-", "‒", "-").Replace(s)
	parts := strings.Split(s, "-")
	var sch Schedule
	var err error
	switch len(parts) {
	case 1:
		if sch.Start, err = ParseMonth(parts[0]); err != nil {
			return Schedule{}, err
		}
		sch.End = sch.Start
	case 2:
		a, b := strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1])
		if a == "" && b == "" {
			return Schedule{}, Errorf(EINVALID, "error.schedule_format")
		}
		// "5/2017 – jatkuva", as Format writes a continuous project with a
		// known start.
		if isContinuousWord(b) {
			if sch.Start, err = ParseMonth(a); err != nil {
				return Schedule{}, err
			}
			sch.Continuous = true
		} else if a != "" && !strings.ContainsAny(a, "/.") && strings.ContainsAny(b, "/.") {
			// "8-10/2017": the start is a bare month number in the end's year.
			if sch.End, err = ParseMonth(b); err != nil {
				return Schedule{}, err
			}
			if sch.Start, err = monthOf(strconv.Itoa(sch.End.Year()), a); err != nil {
				return Schedule{}, err
			}
		} else {
			if sch.Start, err = ParseMonth(a); err != nil {
				return Schedule{}, err
			}
			if sch.End, err = ParseMonth(b); err != nil {
				return Schedule{}, err
			}
		}
	default:
		return Schedule{}, Errorf(EINVALID, "error.schedule_format")
	}
	fe := FieldErrors{}
	sch.Validate(fe)
	if err := fe.Err(); err != nil {
		return Schedule{}, Errorf(EINVALID, fe["end"])
	}
	return sch, nil
}
