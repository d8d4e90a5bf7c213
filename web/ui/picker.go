package ui

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

// A person picker is a text field with search-as-you-type suggestions that
// works without JavaScript: the server resolves the typed name. For a
// field F (say owner_id) the form posts
//
//	F_name  the text typed (shown with the current person's name)
//	F       the person chosen so far (hidden; checkboxes for a list field)
//	F_pick  the person picked from a list of matches (radios)
//	F_shown the person the page showed, so that a changed F (set by a
//	        script or a client of its own) stands as it did before
//
// An exact match by name or e-mail is chosen; several matches, or a near
// one, bring the form back listing them to pick from; none is a field
// error. assets/personpicker.js fills the field's <datalist> from
// /people/suggest as the user types. A form posted without F_name (an
// older page, a test) is read by F alone, as before.

// PersonPicker is what the person-picker partial shows.
type PersonPicker struct {
	web.Field
	// TextName names the text input; IDName the chosen id's input.
	TextName, IDName, PickName string
	// IDValue is the chosen person (single pickers).
	IDValue string
	// Members are the chosen people of a list picker, checkboxes kept
	// checked; Choices the matches to pick from after an unclear name.
	Members, Choices []web.Option
	Multiple         bool
	SuggestURL       string
	ChooseLabel      string
	AddLabel         string
	NoMembersLabel   string
}

// pickState carries what a posted form's pickers resolved to, for showing
// the form again: the text typed and the matches to choose from.
type pickState struct {
	typed   map[string]string
	choices map[string][]*salkku.Person
}

// personLabel is how a person is shown in a picker's list.
func personLabel(p *salkku.Person) string {
	label := p.Name
	if p.Title != "" {
		label += " (" + p.Title + ")"
	}
	if p.Email != "" {
		label += " <" + p.Email + ">"
	}
	return label
}

// resolvePickers reads the posted pickers of the fields (names ending in
// _ids are lists) and rewrites r.PostForm[field] to the ids chosen, so the
// form's own reader sees ids as before. Names that resolve to no one or to
// several people are field errors.
func (s *Server) resolvePickers(r *http.Request, organisationID int64, kept map[int64]string, fields ...string) (pickState, salkku.FieldErrors, error) {
	st := pickState{typed: map[string]string{}, choices: map[string][]*salkku.Person{}}
	fe := salkku.FieldErrors{}
	ctx := r.Context()
	for _, f := range fields {
		texts, posted := r.PostForm[f+"_name"]
		if !posted {
			continue
		}
		text := strings.TrimSpace(strings.Join(texts, ""))
		multiple := strings.HasSuffix(f, "_ids")
		if multiple {
			// The checked members stay; a typed name adds one.
			r.PostForm[f+"_name"] = nil
			if text == "" {
				continue
			}
		} else {
			shown := r.PostFormValue(f + "_shown")
			if r.PostFormValue(f) != shown {
				// The id was set directly (a script, a client of its
				// own): it stands, as before pickers had names.
				continue
			}
			if text == "" {
				r.PostForm.Set(f, "")
				continue
			}
			// The person shown, unchanged (one the record names already
			// stays even where the user may not see them).
			if cur, err := strconv.ParseInt(shown, 10, 64); err == nil && cur > 0 {
				if name, ok := kept[cur]; ok && strings.EqualFold(name, text) {
					continue
				}
				if p, err := s.Register.FindPersonByID(ctx, cur); err == nil && strings.EqualFold(p.Name, text) {
					continue
				}
			}
		}
		st.typed[f] = text
		var org *int64
		if organisationID > 0 {
			org = &organisationID
		}
		matches, err := s.Register.SuggestPeople(ctx, text, org, salkku.MaxSuggestions)
		if err != nil {
			return st, fe, err
		}
		id, choices, key := pickPerson(matches, text, r.PostFormValue(f+"_pick"))
		if key != "" {
			fe.Add(f, key)
			st.choices[f] = choices
			if !multiple {
				r.PostForm.Set(f, "")
			}
			continue
		}
		idv := strconv.FormatInt(id, 10)
		if multiple {
			if !slices.Contains(r.PostForm[f], idv) {
				r.PostForm[f] = append(r.PostForm[f], idv)
			}
			delete(st.typed, f)
		} else {
			r.PostForm.Set(f, idv)
		}
	}
	return st, fe, nil
}

// pickPerson chooses among the people matching text: the one picked from
// the list, else the one exact match by name, e-mail or label; otherwise it
// returns the matches to choose from and the field error to show.
func pickPerson(matches []*salkku.Person, text, pick string) (int64, []*salkku.Person, string) {
	if id, err := strconv.ParseInt(pick, 10, 64); err == nil {
		for _, p := range matches {
			if p.ID == id {
				return id, nil, ""
			}
		}
	}
	var exact []*salkku.Person
	for _, p := range matches {
		if strings.EqualFold(p.Name, text) || strings.EqualFold(p.Email, text) || strings.EqualFold(personLabel(p), text) {
			exact = append(exact, p)
		}
	}
	switch {
	case len(exact) == 1:
		return exact[0].ID, nil, ""
	case len(exact) > 1:
		return 0, exact, "error.person_ambiguous"
	case len(matches) > 0:
		return 0, matches, "error.person_ambiguous"
	}
	return 0, nil, "error.person_unknown"
}

// personPickers builds the pickers of a form for showing it: chosen[field]
// holds each field's chosen ids. Names are loaded in one query; a chosen
// person the user may not see is shown only when the record already names
// them (kept: their ids with the names the record shows), so that a posted
// id cannot reveal a name and saving the form as shown keeps them.
func (s *Server) personPickers(r *http.Request, b web.Base, organisationID int64, st pickState, kept map[int64]string, chosen map[string][]int64) (map[string]PersonPicker, error) {
	var all []int64
	for _, v := range chosen {
		all = append(all, v...)
	}
	names := map[int64]*salkku.Person{}
	if len(all) > 0 {
		people, _, err := s.Register.FindPeople(r.Context(), salkku.PersonFilter{IDs: all, Page: salkku.Page{Limit: salkku.MaxPageSize}})
		if err != nil {
			return nil, err
		}
		for _, p := range people {
			names[p.ID] = p
		}
		// The store shows only the people the user may see; the ones the
		// record names already are theirs to keep, by the record's names.
		for _, id := range all {
			if name, ok := kept[id]; ok && names[id] == nil {
				names[id] = &salkku.Person{Meta: salkku.Meta{ID: id}, Name: name}
			}
		}
	}
	out := map[string]PersonPicker{}
	for f, ids := range chosen {
		pk := PersonPicker{Field: b.F(f, "", ""), TextName: f + "_name", IDName: f, PickName: f + "_pick",
			Multiple: strings.HasSuffix(f, "_ids"), ChooseLabel: b.T("picker.choose"),
			AddLabel: b.T("picker.add"), NoMembersLabel: b.T("picker.no_members"),
			SuggestURL: "/people/suggest?organisation_id=" + strconv.FormatInt(organisationID, 10)}
		if pk.Hint == "" {
			pk.Hint = b.T("picker.hint")
			if pk.Multiple {
				pk.Hint = b.T("picker.hint_multiple")
			}
		}
		if pk.Multiple {
			pk.Label = b.T("field." + f)
			for _, id := range ids {
				if p, ok := names[id]; ok {
					pk.Members = append(pk.Members, web.Option{Value: strconv.FormatInt(id, 10), Label: personLabel(p), Selected: true})
				}
			}
		} else if len(ids) > 0 {
			if p, ok := names[ids[0]]; ok {
				pk.IDValue, pk.Value = strconv.FormatInt(p.ID, 10), p.Name
			}
		}
		if t, ok := st.typed[f]; ok {
			pk.Value = t
		}
		for _, p := range st.choices[f] {
			pk.Choices = append(pk.Choices, web.Option{Value: strconv.FormatInt(p.ID, 10), Label: personLabel(p)})
		}
		out[f] = pk
	}
	return out, nil
}

// personSuggestion is one answer of /people/suggest.
type personSuggestion struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// Value is what choosing the suggestion types in the field: the
	// name, or the e-mail when several suggested people share the name.
	Value string `json:"value"`
	Label string `json:"label"`
}

// handlePeopleSuggest answers a picker's search-as-you-type: the people
// whose name, e-mail or title contains ?q=, among those the caller may
// see (of ?organisation_id= and of none, when given), at most
// salkku.MaxSuggestions.
func (s *Server) handlePeopleSuggest(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	fe := salkku.FieldErrors{}
	text := q.Get("q")
	if err := checkQueryText(text); err != nil {
		fe.Add("q", salkku.ErrorMessage(err))
	}
	org := web.FormID(fe, "organisation_id", q.Get("organisation_id"))
	if err := fe.Err(); err != nil {
		s.Error(w, r, err)
		return
	}
	people, err := s.Register.SuggestPeople(r.Context(), text, org, salkku.MaxSuggestions)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	seen := map[string]int{}
	for _, p := range people {
		seen[strings.ToLower(p.Name)]++
	}
	out := make([]personSuggestion, 0, len(people))
	for _, p := range people {
		v := p.Name
		if seen[strings.ToLower(p.Name)] > 1 && p.Email != "" {
			v = p.Email
		}
		out = append(out, personSuggestion{ID: p.ID, Name: p.Name, Value: v, Label: personLabel(p)})
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(out)
}

// checkQueryText refuses a search text no one types: too long, not UTF-8,
// or holding a NUL.
func checkQueryText(v string) error {
	fe := salkku.FieldErrors{}
	if len([]rune(v)) > salkku.MaxNameLen || strings.ContainsRune(v, 0) || !utf8.ValidString(v) {
		fe.Add("q", "error.invalid_text")
	}
	return fe.Err()
}

// keep notes a person a record names, with the name it shows.
func keep(kept map[int64]string, id *int64, name string) {
	if id != nil && name != "" {
		kept[*id] = name
	}
}

// The people a record names already, by the names it shows (nil: a new
// record): the pickers keep them though the user may not see them.

func projectPeople(p *salkku.Project) map[int64]string {
	kept := map[int64]string{}
	if p != nil {
		keep(kept, p.OwnerID, p.OwnerName)
		keep(kept, p.ManagerID, p.ManagerName)
		keep(kept, p.ServiceOwnerID, p.ServiceOwnerName)
	}
	return kept
}

func portfolioPeople(p *salkku.Portfolio) map[int64]string {
	kept := map[int64]string{}
	if p != nil {
		keep(kept, p.OwnerID, p.OwnerName)
	}
	return kept
}

func workPackagePeople(w *salkku.WorkPackage) map[int64]string {
	kept := map[int64]string{}
	if w != nil {
		for i, id := range w.ResponsibleIDs {
			keep(kept, &id, w.ResponsibleNames[i])
		}
	}
	return kept
}
