package salkku_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/salkku/salkku"
)

// wantFields checks that err is EINVALID with exactly the given fields and
// keys; a nil want means err must be nil.
func wantFields(tb testing.TB, err error, want map[string]string) {
	tb.Helper()
	if want == nil {
		if err != nil {
			tb.Fatalf("got %v, want no error", err)
		}
		return
	}
	var e *salkku.Error
	if !errors.As(err, &e) {
		tb.Fatalf("got %v, want an *salkku.Error", err)
	}
	if got := e.Code; got != salkku.EINVALID {
		tb.Errorf("code = %q, want %q", got, salkku.EINVALID)
	}
	if got := e.Fields; !reflect.DeepEqual(got, want) {
		tb.Errorf("fields = %v, want %v", got, want)
	}
}

func TestValidBusinessID(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		// Check digits computed by hand from the weights 7, 9, 10, 5, 8, 4, 2.
		{"Sum124", "0204819-8", true},
		{"RemainderZero", "1572860-0", true},
		{"NaantalinKaupunki", "0135202-4", true},
		{"HelsinginKaupunki", "0201256-6", true},
		{"RemainderTen", "1927400-1", true},
		{"Sum169", "2331972-7", true},
		{"ErrWrongCheckDigit", "0204819-7", false},
		{"ErrWrongCheckDigitZero", "1572860-1", false},
		{"ErrSwappedDigits", "2048019-8", false},
		{"ErrRemainderOneCheck0", "0000006-0", false},
		{"ErrRemainderOneCheck1", "0000006-1", false},
		{"ErrShort", "204819-8", false},
		{"ErrLong", "00204819-8", false},
		{"ErrNoDash", "02048198", false},
		{"ErrSpaceForDash", "0204819 8", false},
		{"ErrLetter", "A204819-8", false},
		{"ErrLetterCheck", "0204819-X", false},
		{"ErrLeadingSpace", " 0204819-8", false},
		{"ErrEmpty", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := salkku.ValidBusinessID(tc.in); got != tc.want {
				t.Errorf("ValidBusinessID(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestValidEmail(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"Plain", "kristiina.taskinen@naantali.fi", true},
		{"Subdomain", "it@tieto.naantali.fi", true},
		{"Plus", "salkku+test@example.org", true},
		{"ErrNoAt", "naantali.fi", false},
		{"ErrTwoAts", "a@b@naantali.fi", false},
		{"ErrNothingBeforeAt", "@naantali.fi", false},
		{"ErrNoDotInDomain", "kristiina@naantali", false},
		{"ErrDomainStartsWithDot", "kristiina@.naantali.fi", false},
		{"ErrDomainEndsWithDot", "kristiina@naantali.fi.", false},
		{"ErrSpace", "kristiina taskinen@naantali.fi", false},
		{"ErrTab", "kristiina\t@naantali.fi", false},
		{"ErrAngle", "Kristiina <k@naantali.fi>", false},
		{"ErrList", "a@naantali.fi,b@naantali.fi", false},
		{"ErrEmpty", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := salkku.ValidEmail(tc.in); got != tc.want {
				t.Errorf("ValidEmail(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestCleanList(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"Nil", nil, []string{}},
		{"TrimsAndDropsEmpty", []string{" DNA Oy ", "", "  ", "Tiera"}, []string{"DNA Oy", "Tiera"}},
		{"DropsDuplicatesKeepingOrder", []string{"H", "HELLÄ", "H ", "h"}, []string{"H", "HELLÄ", "h"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := salkku.CleanList(tc.in); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("CleanList(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestCleanIDs(t *testing.T) {
	tests := []struct {
		name string
		in   []int64
		want []int64
	}{
		{"Nil", nil, []int64{}},
		{"DropsZeroNegativeAndDuplicates", []int64{3, 0, 1, 3, -2, 2, 1}, []int64{3, 1, 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := salkku.CleanIDs(tc.in); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("CleanIDs(%v) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestPageNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   salkku.Page
		want salkku.Page
	}{
		{"Zero", salkku.Page{}, salkku.Page{Limit: salkku.DefaultPageSize}},
		{"Negative", salkku.Page{Offset: -5, Limit: -1}, salkku.Page{Limit: salkku.DefaultPageSize}},
		{"TooLarge", salkku.Page{Offset: 10, Limit: 100000}, salkku.Page{Offset: 10, Limit: salkku.MaxPageSize}},
		{"OK", salkku.Page{Offset: 20, Limit: 10}, salkku.Page{Offset: 20, Limit: 10}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.in.Normalize(); got != tc.want {
				t.Errorf("Normalize() = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestError(t *testing.T) {
	tests := []struct {
		name        string
		err         error
		code, msg   string
		wantContain string
	}{
		{"Nil", nil, "", "", ""},
		{"Plain", errors.New("disk full"), salkku.EINTERNAL, "error.internal", ""},
		{"Coded", salkku.Errorf(salkku.ENOTFOUND, "error.not_found"), salkku.ENOTFOUND, "error.not_found", "code=not_found"},
		{"Wrapped", fmt.Errorf("sqldb: %w", salkku.Errorf(salkku.ECONFLICT, "error.stale")), salkku.ECONFLICT, "error.stale", "code=conflict"},
		{"Fields", &salkku.Error{Code: salkku.EINVALID, Message: "error.invalid", Fields: map[string]string{"name": "error.required", "end": "error.end_before_start"}},
			salkku.EINVALID, "error.invalid", "end=error.end_before_start name=error.required"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := salkku.ErrorCode(tc.err); got != tc.code {
				t.Errorf("ErrorCode = %q, want %q", got, tc.code)
			}
			if got := salkku.ErrorMessage(tc.err); got != tc.msg {
				t.Errorf("ErrorMessage = %q, want %q", got, tc.msg)
			}
			if tc.err != nil && !strings.Contains(tc.err.Error(), tc.wantContain) {
				t.Errorf("Error() = %q, want it to contain %q", tc.err.Error(), tc.wantContain)
			}
		})
	}
	t.Run("FieldErrorsKeepFirst", func(t *testing.T) {
		fe := salkku.FieldErrors{}
		if err := fe.Err(); err != nil {
			t.Fatalf("empty FieldErrors: got %v, want nil", err)
		}
		fe.Add("name", "error.required")
		fe.Add("name", "error.too_long")
		wantFields(t, fe.Err(), map[string]string{"name": "error.required"})
	})
}

func TestActor(t *testing.T) {
	ctx := salkku.System(context.Background())
	if got, want := salkku.ActorFrom(ctx), (salkku.Actor{}); got != want {
		t.Errorf("no actor: got %+v, want %+v", got, want)
	}
	a := salkku.Actor{UserID: 7, Name: "Kristiina Taskinen"}
	if got := salkku.ActorFrom(salkku.WithActor(ctx, a)); got != a {
		t.Errorf("got %+v, want %+v", got, a)
	}
}

func TestOrganisationValidate(t *testing.T) {
	tests := []struct {
		name string
		in   salkku.Organisation
		want map[string]string
	}{
		{"OK", salkku.Organisation{Name: salkku.T("Naantalin kaupunki"), BusinessID: "0135202-4"}, nil},
		{"NoBusinessID", salkku.Organisation{Name: salkku.T("Naantalin kaupunki")}, nil},
		{"ErrNameRequired", salkku.Organisation{Name: salkku.T("  ")}, map[string]string{"name.fi": "error.required"}},
		{"ErrNameTooLong", salkku.Organisation{Name: salkku.T(strings.Repeat("ä", salkku.MaxNameLen+1))}, map[string]string{"name.fi": "error.too_long"}},
		{"ErrNameTwoLines", salkku.Organisation{Name: salkku.T("Naantalin\nkaupunki")}, map[string]string{"name.fi": "error.single_line"}},
		{"ErrNameInvalidUTF8", salkku.Organisation{Name: salkku.T("Naantali\xff")}, map[string]string{"name.fi": "error.invalid_text"}},
		{"ErrBusinessID", salkku.Organisation{Name: salkku.T("Naantalin kaupunki"), BusinessID: "0135202-5"}, map[string]string{"business_id": "error.business_id"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := tc.in
			wantFields(t, o.Validate(), tc.want)
		})
	}
	t.Run("NameAtLimit", func(t *testing.T) {
		o := salkku.Organisation{Name: salkku.T(strings.Repeat("ä", salkku.MaxNameLen))}
		wantFields(t, o.Validate(), nil)
	})
	t.Run("Trims", func(t *testing.T) {
		o := salkku.Organisation{Name: salkku.T("  Naantalin kaupunki "), BusinessID: " 0135202-4 "}
		wantFields(t, o.Validate(), nil)
		if got, want := o.Name.FI, "Naantalin kaupunki"; got != want {
			t.Errorf("Name = %q, want %q", got, want)
		}
		if got, want := o.BusinessID, "0135202-4"; got != want {
			t.Errorf("BusinessID = %q, want %q", got, want)
		}
	})
}

func TestPersonValidate(t *testing.T) {
	tests := []struct {
		name string
		in   salkku.Person
		want map[string]string
	}{
		{"OK", salkku.Person{Name: "Kristiina Taskinen", Email: "kristiina.taskinen@naantali.fi", Title: "Tietohallintopäällikkö"}, nil},
		{"NameOnly", salkku.Person{Name: "Kristiina Taskinen"}, nil},
		{"ErrNameRequired", salkku.Person{Email: "k@naantali.fi"}, map[string]string{"name": "error.required"}},
		{"ErrNameTooLong", salkku.Person{Name: strings.Repeat("x", salkku.MaxNameLen+1)}, map[string]string{"name": "error.too_long"}},
		{"ErrEmail", salkku.Person{Name: "Kristiina", Email: "kristiina@naantali"}, map[string]string{"email": "error.email"}},
		{"ErrEmailTooLong", salkku.Person{Name: "Kristiina", Email: strings.Repeat("k", salkku.MaxNameLen) + "@naantali.fi"}, map[string]string{"email": "error.too_long"}},
		{"ErrTitleTwoLines", salkku.Person{Name: "Kristiina", Title: "a\nb"}, map[string]string{"title": "error.single_line"}},
		{"ErrSeveral", salkku.Person{Email: "x"}, map[string]string{"name": "error.required", "email": "error.email"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.in
			wantFields(t, p.Validate(), tc.want)
		})
	}
}
