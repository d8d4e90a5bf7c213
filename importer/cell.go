package importer

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/salkku/salkku"
)

// Errors of the cell readers, catalogue keys. A reader may also return
// the keys of salkku.ParseMoney (salkku.ErrMoneySeparator and the rest) and
// of salkku.ParseMonth ("error.month_format" and the rest).
const (
	ErrCellEmpty   = "import.cell_empty"   // a required cell is empty
	ErrDateFormat  = "import.date_format"  // not a date: write 15.11.2021 or 2021-11-15
	ErrMonthFormat = "error.month_format"  // not a month: write 11/2021
	ErrNumber      = "import.number"       // not a number
	ErrNotText     = "import.date_as_text" // a date where a code or name was wanted
)

// Excel date serial numbers Salkku accepts: 1.1.1900 to 31.12.2200.
const (
	minSerial = 1
	maxSerial = 109574
)

// Money reads an amount of euros: a number cell as is (to the cent), a
// text cell written the Finnish way ("1 234,50", see salkku.ParseMoney).
// A thousands separator other than a space is refused with
// salkku.ErrMoneySeparator, never guessed.
func Money(c Cell) (salkku.Money, string) {
	switch {
	case c.IsEmpty():
		return 0, ErrCellEmpty
	case c.IsNum:
		return salkku.MoneyFromFloat(c.Num)
	case c.IsDate:
		return 0, salkku.ErrMoneyFormat
	}
	return salkku.ParseMoney(c.Text)
}

// Number reads a number: a number cell as is, a text cell with a decimal
// comma or point and spaces grouping thousands ("1 234,5").
func Number(c Cell) (float64, string) {
	switch {
	case c.IsEmpty():
		return 0, ErrCellEmpty
	case c.IsNum:
		return c.Num, ""
	case c.IsDate:
		return 0, ErrNumber
	}
	s := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f':
			return -1
		case ',':
			return '.'
		case '−':
			return '-'
		}
		return r
	}, c.Text)
	if strings.Count(s, ".") > 1 {
		return 0, ErrNumber
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || strings.ContainsAny(s, "eExXpPiInN_") {
		return 0, ErrNumber
	}
	return f, ""
}

// Month reads a month: a date cell's month, an Excel date serial number's,
// or text as people write it: "11/2021", "11.2021", "2021-11" (see
// salkku.ParseMonth), or a whole date "15.11.2021" or "2021-11-15" (a
// finance system's booking date; its month is the period).
func Month(c Cell) (salkku.Month, string) {
	switch {
	case c.IsEmpty():
		return 0, ErrCellEmpty
	case c.IsDate:
		return monthOfDate(c.Date)
	case c.IsNum:
		t, key := serialDate(c.Num)
		if key != "" {
			return 0, ErrMonthFormat
		}
		return monthOfDate(t)
	}
	if t, ok := parseDate(c.Text); ok {
		return monthOfDate(t)
	}
	m, err := salkku.ParseMonth(c.Text)
	if err != nil {
		return 0, salkku.ErrorMessage(err)
	}
	return m, ""
}

func monthOfDate(t time.Time) (salkku.Month, string) {
	if t.Year() < salkku.MinYear || t.Year() > salkku.MaxYear {
		return 0, "error.month_year"
	}
	return salkku.NewMonth(t.Year(), int(t.Month())), ""
}

// Date reads a day: a date cell, an Excel date serial number, or text
// "15.11.2021" (Finnish) or "2021-11-15" (ISO). The time of day is
// dropped; the result is midnight UTC. "11/15/2021" and other orders that
// could be misread are refused.
func Date(c Cell) (time.Time, string) {
	var t time.Time
	switch {
	case c.IsEmpty():
		return t, ErrCellEmpty
	case c.IsDate:
		t = c.Date
	case c.IsNum:
		var key string
		if t, key = serialDate(c.Num); key != "" {
			return time.Time{}, key
		}
	default:
		var ok bool
		if t, ok = parseDate(c.Text); !ok {
			return time.Time{}, ErrDateFormat
		}
	}
	if t.Year() < salkku.MinYear || t.Year() > salkku.MaxYear {
		return time.Time{}, ErrDateFormat
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), ""
}

// serialDate reads an Excel date serial number (days since 30.12.1899).
func serialDate(f float64) (time.Time, string) {
	if f < minSerial || f > maxSerial || math.IsNaN(f) {
		return time.Time{}, ErrDateFormat
	}
	t, err := excelize.ExcelDateToTime(f, false)
	if err != nil {
		return time.Time{}, ErrDateFormat
	}
	return t, ""
}

// parseDate reads "15.11.2021", "15.11.2021 14:05", "2021-11-15" and
// "2021-11-15T14:05:00Z" (with its time dropped).
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = s[:i]
	}
	var d, m, y string
	if p := strings.Split(s, "."); len(p) == 3 {
		d, m, y = p[0], p[1], p[2]
	} else if p := strings.Split(s, "-"); len(p) == 3 && len(p[0]) == 4 {
		y, m, d = p[0], p[1], p[2]
	} else {
		return time.Time{}, false
	}
	if len(y) != 4 || len(m) < 1 || len(m) > 2 || len(d) < 1 || len(d) > 2 || !digits(y+m+d) {
		return time.Time{}, false
	}
	yi, _ := strconv.Atoi(y)
	mi, _ := strconv.Atoi(m)
	di, _ := strconv.Atoi(d)
	t := time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, time.UTC)
	if mi < 1 || mi > 12 || t.Day() != di || t.Month() != time.Month(mi) {
		return time.Time{}, false
	}
	return t, true
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Text reads a code, name or description: the cell's text; a number cell
// as written plainly (the account 4000, the project code 1001). A date
// where a text is wanted is refused: a code that Excel turned into a date
// ("1-2" became 2.1.) would otherwise be misread.
func Text(c Cell) (string, string) {
	switch {
	case c.IsEmpty():
		return "", ErrCellEmpty
	case c.IsDate:
		return "", ErrNotText
	}
	return c.Text, ""
}
