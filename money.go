package salkku

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Money is an amount of euros in cents. Sums of Money are exact; no amount
// is ever held in a float.
type Money int64

// Euros returns m in whole euros and cents, the sign on both.
func (m Money) Euros() (euros, cents int64) { return int64(m) / 100, int64(m) % 100 }

// Cents is m as an int64 number of cents.
func (m Money) Cents() int64 { return int64(m) }

// MaxMoney bounds an amount: a trillion euros, far beyond any public
// budget, and far from int64's edge so that sums of many cannot overflow.
const MaxMoney Money = 1e12 * 100

// Money errors, catalogue keys. A field with a bad amount carries one of
// them; the format key says how to write an amount.
const (
	ErrMoneyFormat    = "error.money_format"    // not a number at all
	ErrMoneySeparator = "error.money_separator" // 1.234,50 or 1,234.50: a thousands separator other than a space
	ErrMoneyDecimals  = "error.money_decimals"  // more than two decimals
	ErrMoneyRange     = "error.money_range"     // beyond MaxMoney
	ErrMoneyNegative  = "error.money_negative"  // below zero where none is allowed
)

// ParseMoney reads an amount written the Finnish way: "1 234,50",
// "1234,5", "720 836 €", "-12,00". The thousands separator may be a space,
// a no-break space or a narrow no-break space; the decimal separator is a
// comma, or a point when it is the only separator and one or two digits
// follow it ("1234.50", as machines write). Anything that could be misread
// is refused rather than guessed: "1.234,50" and "1,234.50" (thousands
// separated by a point or a comma) and "1.234" (a thousand or one point
// two?) return ErrMoneySeparator, more than two decimals ErrMoneyDecimals.
// The returned string is a catalogue key.
func ParseMoney(s string) (Money, string) {
	s = strings.TrimSpace(s)
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, "€"), "EUR"))
	s = strings.TrimSpace(strings.TrimPrefix(s, "€"))
	neg := false
	switch {
	case strings.HasPrefix(s, "-"), strings.HasPrefix(s, "−"):
		neg = true
		_, n := utf8.DecodeRuneInString(s)
		s = strings.TrimSpace(s[n:])
	case strings.HasPrefix(s, "+"):
		s = strings.TrimSpace(s[1:])
	}
	if s == "" {
		return 0, ErrMoneyFormat
	}
	// Spaces group thousands: every group after the first has three digits.
	groups := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\u00a0' || r == '\u202f' })
	commas, points := strings.Count(s, ","), strings.Count(s, ".")
	var intPart, frac string
	switch {
	case commas > 0 && points > 0, commas > 1, points > 1:
		return 0, ErrMoneySeparator
	case commas == 1:
		last := groups[len(groups)-1]
		i := strings.IndexByte(last, ',')
		if i < 0 { // the decimals are followed by a group: "1,5 000"
			return 0, ErrMoneyFormat
		}
		groups[len(groups)-1], frac = last[:i], last[i+1:]
	case points == 1:
		last := groups[len(groups)-1]
		i := strings.IndexByte(last, '.')
		if i < 0 {
			return 0, ErrMoneyFormat
		}
		groups[len(groups)-1], frac = last[:i], last[i+1:]
		if len(frac) > 2 || len(groups) > 1 {
			return 0, ErrMoneySeparator
		}
	}
	for i, g := range groups {
		if !allDigits(g) || g == "" || (i > 0 && len(g) != 3) {
			if strings.ContainsAny(g, "'’") {
				return 0, ErrMoneySeparator
			}
			return 0, ErrMoneyFormat
		}
		if i == 0 && len(groups) > 1 && len(g) > 3 {
			return 0, ErrMoneyFormat
		}
		intPart += g
	}
	if commas+points == 1 && (frac == "" || !allDigits(frac)) {
		return 0, ErrMoneyFormat
	}
	if len(frac) > 2 {
		return 0, ErrMoneyDecimals
	}
	for len(frac) < 2 {
		frac += "0"
	}
	intPart = strings.TrimLeft(intPart, "0")
	if len(intPart) > 13 {
		return 0, ErrMoneyRange
	}
	euros, _ := strconv.ParseInt("0"+intPart, 10, 64)
	cents, _ := strconv.ParseInt(frac, 10, 64)
	m := Money(euros*100 + cents)
	if m > MaxMoney {
		return 0, ErrMoneyRange
	}
	if neg {
		m = -m
	}
	return m, ""
}

// MoneyFromFloat converts a number read from a spreadsheet cell, rounding
// half away from zero to the cent. A spreadsheet holds its numbers as
// binary floats; the cell 1234.5 is 1234.5 exactly, 0.1 is not, and the
// rounding recovers the cents written. Not for arithmetic.
func MoneyFromFloat(f float64) (Money, string) {
	if math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > float64(MaxMoney/100) {
		return 0, ErrMoneyRange
	}
	c := math.Round(f * 100)
	if math.Abs(f*100-c) > 1e-6*math.Max(1, math.Abs(f*100)) {
		return 0, ErrMoneyDecimals
	}
	return Money(c), ""
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Format writes m for a reader of lang: "1 234,50 €" in Finnish and
// Swedish (a no-break space groups thousands and one stands before the
// sign, so a line never breaks inside an amount), "€1,234.50" in English.
// With whole, the cents are left out when they are zero: "720 836 €", as
// budgets are written.
func (m Money) Format(lang string, whole bool) string {
	neg := m < 0
	if neg {
		m = -m
	}
	euros, cents := m.Euros()
	sep, dec := "\u00a0", ","
	if lang == "en" {
		sep, dec = ",", "."
	}
	digits := strconv.FormatInt(euros, 10)
	var b strings.Builder
	if neg {
		b.WriteString("−")
	}
	if lang == "en" {
		b.WriteString("€")
	}
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(d)
	}
	if !whole || cents != 0 {
		b.WriteString(dec)
		if cents < 10 {
			b.WriteByte('0')
		}
		b.WriteString(strconv.FormatInt(cents, 10))
	}
	if lang != "en" {
		b.WriteString("\u00a0€")
	}
	return b.String()
}

// Rounded is m rounded half away from zero to whole euros, as a budget
// slide shows its figures.
func (m Money) Rounded() Money {
	if m >= 0 {
		return (m + 50) / 100 * 100
	}
	return -((-m + 50) / 100 * 100)
}

// Input writes m as a form field shows it for editing: "1234,50" (or
// "1234.50" in English), no grouping, no sign of the currency, so that
// what the user sees parses back unchanged.
func (m Money) Input(lang string) string {
	neg := m < 0
	if neg {
		m = -m
	}
	euros, cents := m.Euros()
	dec := ","
	if lang == "en" {
		dec = "."
	}
	s := strconv.FormatInt(euros, 10)
	if cents != 0 {
		s += dec + strconv.FormatInt(cents/10, 10) + strconv.FormatInt(cents%10, 10)
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Percent is a share in hundredths of a per cent (basis points): 7500 is
// 75 %. A grant's share of the costs is written with at most two decimals.
type Percent int

// ParsePercent reads "75", "75 %", "62,5" or "62.5".
func ParsePercent(s string) (Percent, string) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	s = strings.ReplaceAll(s, ".", ",")
	m, key := ParseMoney(s)
	if key != "" {
		return 0, key
	}
	if m < 0 || m > 100*100 {
		return 0, ErrPercentRange
	}
	return Percent(m), ""
}

// ErrPercentRange is the catalogue key of a share outside 0–100 %.
const ErrPercentRange = "error.percent_range"

// Format writes p as "62,5 %" (fi, sv) or "62.5%" (en).
func (p Percent) Format(lang string) string {
	whole, frac := int(p)/100, int(p)%100
	s := strconv.Itoa(whole)
	if frac != 0 {
		f := strconv.Itoa(frac)
		if frac < 10 {
			f = "0" + f
		}
		f = strings.TrimRight(f, "0")
		if lang == "en" {
			s += "." + f
		} else {
			s += "," + f
		}
	}
	if lang == "en" {
		return s + "%"
	}
	return s + "\u00a0%"
}

// Of returns p of m, rounded half away from zero to the cent.
func (p Percent) Of(m Money) Money {
	x := int64(m) * int64(p)
	if x >= 0 {
		return Money((x + 5000) / 10000)
	}
	return Money((x - 5000) / 10000)
}
