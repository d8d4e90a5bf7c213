package salkku

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Conformance statuses of an accessibility statement, as the EU model
// statement (2018/1523) words them.
const (
	ConformanceFull    = "full"
	ConformancePartial = "partial"
	ConformanceNone    = "none"
)

// Conformances lists the statuses, strongest first.
var Conformances = []string{ConformanceFull, ConformancePartial, ConformanceNone}

// AccessibilityStatement is what an admin can set of the accessibility
// statement that law 306/2019 requires (saavutettavuusseloste,
// tillgänglighetsutlåtande): its dates, the conformance status, the known
// non-accessible content and the supervisory authority, whose name and
// address change (the regional AVIs merged into Lupa- ja valvontavirasto on
// 1.1.2026). The fixed parts of the statement are catalogue texts.
type AccessibilityStatement struct {
	// Made and Reviewed are the days the statement was made and last
	// reviewed.
	Made, Reviewed time.Time
	Status         string
	// KnownIssues is the known non-accessible content with reasons; where
	// it is empty in every language the statement shows its built-in text.
	KnownIssues Text
	// AuthorityName is the supervisory authority's name; a language
	// without one shows the Finnish or the first one given (Text.In).
	AuthorityName                                Text
	AuthorityURL, AuthorityEmail, AuthorityPhone string
}

// Settings keys of the statement (see UserService.Settings).
const (
	SettingA11yMade           = "a11y_made"
	SettingA11yReviewed       = "a11y_reviewed"
	SettingA11yStatus         = "a11y_status"
	SettingA11yIssues         = "a11y_issues_" // + language
	SettingA11yAuthorityName  = "a11y_authority_name_"
	SettingA11yAuthorityURL   = "a11y_authority_url"
	SettingA11yAuthorityEmail = "a11y_authority_email"
	SettingA11yAuthorityPhone = "a11y_authority_phone"
)

// A11ySettingKeys lists every setting of the statement.
func A11ySettingKeys() []string {
	keys := []string{SettingA11yMade, SettingA11yReviewed, SettingA11yStatus,
		SettingA11yAuthorityURL, SettingA11yAuthorityEmail, SettingA11yAuthorityPhone}
	for _, l := range ContentLangs {
		keys = append(keys, SettingA11yIssues+l, SettingA11yAuthorityName+l)
	}
	return keys
}

// DefaultAccessibility is the statement before an admin changes it: made
// when this statement was written, partially conforming, and the Finnish
// accessibility supervision's last published contact details.
func DefaultAccessibility() AccessibilityStatement {
	made := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	return AccessibilityStatement{
		Made: made, Reviewed: made, Status: ConformancePartial,
		KnownIssues: Text{Primary: LangFI},
		AuthorityName: Text{
			FI:      "Etelä-Suomen aluehallintovirasto, Saavutettavuusvalvonta",
			SV:      "Regionförvaltningsverket i Södra Finland, Tillgänglighetstillsynen",
			EN:      "Regional State Administrative Agency for Southern Finland, Accessibility Monitoring Unit",
			Primary: LangFI,
		},
		AuthorityURL:   "https://www.saavutettavuusvaatimukset.fi",
		AuthorityEmail: "saavutettavuus@avi.fi",
		AuthorityPhone: "0295 016 000",
	}
}

// dateSetting is how a day is stored in the settings.
const dateSetting = "2006-01-02"

// AccessibilityFromSettings reads the statement from its settings; a
// setting that is unset (or unreadable) keeps its default.
func AccessibilityFromSettings(m map[string]string) AccessibilityStatement {
	a := DefaultAccessibility()
	for key, t := range map[string]*time.Time{SettingA11yMade: &a.Made, SettingA11yReviewed: &a.Reviewed} {
		if d, err := time.Parse(dateSetting, m[key]); err == nil {
			*t = d
		}
	}
	if v := m[SettingA11yStatus]; v != "" {
		a.Status = v
	}
	names := Text{Primary: LangFI}
	for _, l := range ContentLangs {
		a.KnownIssues.Set(l, m[SettingA11yIssues+l])
		names.Set(l, m[SettingA11yAuthorityName+l])
	}
	if !names.IsZero() {
		a.AuthorityName = names
	}
	for key, p := range map[string]*string{SettingA11yAuthorityURL: &a.AuthorityURL, SettingA11yAuthorityEmail: &a.AuthorityEmail,
		SettingA11yAuthorityPhone: &a.AuthorityPhone} {
		if v := m[key]; v != "" {
			*p = v
		}
	}
	return a
}

// Settings writes the statement as settings, every key of
// A11ySettingKeys: an empty text is stored empty, so that the default
// shows.
func (a AccessibilityStatement) Settings() map[string]string {
	m := map[string]string{
		SettingA11yMade: a.Made.Format(dateSetting), SettingA11yReviewed: a.Reviewed.Format(dateSetting),
		SettingA11yStatus: a.Status, SettingA11yAuthorityURL: a.AuthorityURL, SettingA11yAuthorityEmail: a.AuthorityEmail,
		SettingA11yAuthorityPhone: a.AuthorityPhone,
	}
	for _, l := range ContentLangs {
		m[SettingA11yIssues+l] = a.KnownIssues.Get(l)
		m[SettingA11yAuthorityName+l] = a.AuthorityName.Get(l)
	}
	return m
}

// MaxPhoneLen bounds a phone number.
const MaxPhoneLen = 40

// MaxURLLen bounds a web address.
const MaxURLLen = 2000

// Validate trims the statement's texts and checks them: both dates given,
// the review not before the statement was made, a known status, the
// authority named in at least one language, its web address an http(s)
// URL, its e-mail an address and its phone number digits. Fields are
// named as the settings form names them ("a11y_issues_sv").
func (a *AccessibilityStatement) Validate() error {
	fe := FieldErrors{}
	if a.Made.IsZero() {
		fe.Add("a11y_made", "error.required")
	}
	if a.Reviewed.IsZero() {
		fe.Add("a11y_reviewed", "error.required")
	} else if !a.Made.IsZero() && a.Reviewed.Before(a.Made) {
		fe.Add("a11y_reviewed", "error.a11y_review_before_made")
	}
	switch a.Status {
	case ConformanceFull, ConformancePartial, ConformanceNone:
	default:
		fe.Add("a11y_status", "error.invalid_choice")
	}
	a.KnownIssues, a.AuthorityName = a.KnownIssues.Trim(), a.AuthorityName.Trim()
	for _, l := range ContentLangs {
		checkText(fe, SettingA11yIssues+l, a.KnownIssues.Get(l), false, MaxDescriptionLen)
		checkText(fe, SettingA11yAuthorityName+l, a.AuthorityName.Get(l), false, MaxNameLen)
	}
	if a.AuthorityName.IsZero() {
		fe.Add(SettingA11yAuthorityName+ContentLangs[0], "error.required")
	}
	a.AuthorityURL = strings.TrimSpace(a.AuthorityURL)
	checkText(fe, SettingA11yAuthorityURL, a.AuthorityURL, true, MaxURLLen)
	if a.AuthorityURL != "" && !ValidWebURL(a.AuthorityURL) {
		fe.Add(SettingA11yAuthorityURL, "error.url")
	}
	a.AuthorityEmail = strings.TrimSpace(a.AuthorityEmail)
	checkText(fe, SettingA11yAuthorityEmail, a.AuthorityEmail, true, MaxNameLen)
	if a.AuthorityEmail != "" && !ValidEmail(a.AuthorityEmail) {
		fe.Add(SettingA11yAuthorityEmail, "error.email")
	}
	a.AuthorityPhone = strings.TrimSpace(a.AuthorityPhone)
	checkText(fe, SettingA11yAuthorityPhone, a.AuthorityPhone, false, MaxPhoneLen)
	if a.AuthorityPhone != "" && !validPhone(a.AuthorityPhone) {
		fe.Add(SettingA11yAuthorityPhone, "error.phone")
	}
	return fe.Err()
}

// ValidWebURL reports whether s is an absolute http or https address
// with a host and no spaces.
func ValidWebURL(s string) bool {
	if strings.ContainsAny(s, " \t\r\n<>\"") {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil
}

// validPhone reports whether s is a phone number as people write them:
// digits, spaces, and + - ( ), with at least five digits.
func validPhone(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" +-()", r):
		default:
			return false
		}
	}
	return digits >= 5 && utf8.RuneCountInString(s) <= MaxPhoneLen
}

// IssuesIn is the known non-accessible content in lang, or in the
// language there is (Text.In); "" when the built-in text is to be shown.
func (a AccessibilityStatement) IssuesIn(lang string) (text, in string) {
	a.KnownIssues.Primary = LangFI
	return a.KnownIssues.In(lang)
}

// AuthorityNameIn is the supervisory authority's name in lang, or in the
// language there is.
func (a AccessibilityStatement) AuthorityNameIn(lang string) (text, in string) {
	a.AuthorityName.Primary = LangFI
	return a.AuthorityName.In(lang)
}
