package ui

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

// A picker is a text field with search-as-you-type suggestions that works
// without JavaScript: the server resolves the typed name. One mechanism
// serves every kind of thing picked (pickKind: people, organisations,
// portfolios, projects). For a field F (say owner_id) the form posts
//
//	F_name  the text typed (shown with the current choice's name)
//	F       the id chosen so far (hidden; checkboxes for a list field)
//	F_pick  the id picked from a list of matches (radios)
//	F_shown the id the page showed, so that a changed F (set by a
//	        script or a client of its own) stands as it did before
//
// An exact match by name (or another key: e-mail, business id, code, the
// label shown) is chosen; several matches, or a near one, bring the form
// back listing them to pick from; none is a field error. assets/picker.js
// fills the field's <datalist> from the kind's suggestion endpoint as the
// user types. A form posted without F_name (an older page, a test) is
// read by F alone, as before.

// Picker is what the picker partial shows.
type Picker struct {
	web.Field
	// TextName names the text input; IDName the chosen id's input.
	TextName, IDName, PickName string
	// IDValue is the chosen id (single pickers).
	IDValue string
	// Members are the chosen ids of a list picker, checkboxes kept
	// checked; Choices the matches to pick from after an unclear name.
	Members, Choices []web.Option
	Multiple         bool
	SuggestURL       string
	ChooseLabel      string
	AddLabel         string
	NoMembersLabel   string
}

// pickItem is one thing a picker offers.
type pickItem struct {
	ID int64
	// Name is what typing chooses it; Keys are other texts that choose
	// it exactly (an e-mail, a code); Label is how it is listed.
	Name  string
	Keys  []string
	Label string
}

// matches reports whether text names the item exactly.
func (it pickItem) matches(text string) bool {
	if strings.EqualFold(it.Name, text) || strings.EqualFold(it.Label, text) {
		return true
	}
	return slices.ContainsFunc(it.Keys, func(k string) bool { return k != "" && strings.EqualFold(k, text) })
}

// pickKind is a kind of thing a picker picks: where its suggestions come
// from and the catalogue keys of its messages.
type pickKind struct {
	// path is the suggestion endpoint; scoped kinds take
	// ?organisation_id= too.
	path   string
	scoped bool
	// suggest lists the items matching q the caller may see, at most
	// salkku.MaxSuggestions; scope is the organisation for scoped kinds.
	suggest func(s *Server, ctx context.Context, q string, scope int64) ([]pickItem, error)
	// one reads an item the caller may see.
	one func(s *Server, ctx context.Context, id int64) (pickItem, error)
	// many reads the items of ids the caller may see, to show them as
	// chosen. Without it, pickers read them by one.
	many func(s *Server, r *http.Request, ids []int64) (map[int64]pickItem, error)
	// Catalogue keys: the field errors, the hint, the legend of the
	// choices.
	ambiguous, unknown, hint, choose string
}

// pickField is one picker of a form.
type pickField struct {
	// name is the form field; names ending in _ids are lists.
	name string
	kind *pickKind
	// scope narrows scoped kinds (people: the organisation).
	scope int64
	// known are items the record already names, shown and kept as they
	// are whatever the caller may see (a parent out of sight).
	known []pickItem
}

func (f pickField) multiple() bool { return strings.HasSuffix(f.name, "_ids") }

// pickFields makes pickers of one kind; kept are the ids the record names
// already, with the names it shows them by (see pickField.known).
func pickFields(k *pickKind, scope int64, kept map[int64]string, names ...string) []pickField {
	var known []pickItem
	for id, name := range kept {
		known = append(known, pickItem{ID: id, Name: name, Label: name})
	}
	out := make([]pickField, len(names))
	for i, n := range names {
		out[i] = pickField{name: n, kind: k, scope: scope, known: known}
	}
	return out
}

// MaxSelectOptions is the most a select lists: a list that may grow past
// it (the parents of a portfolio) is a picker once it does, never cut
// short. Tests lower it.
var MaxSelectOptions = salkku.MaxPageSize

// idOf is id as an optional id: nil when 0.
func idOf(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// pickState carries what a posted form's pickers resolved to, for showing
// the form again: the text typed and the matches to choose from.
type pickState struct {
	typed   map[string]string
	choices map[string][]pickItem
}

// merge adds what other pickers of the same form resolved to.
func (st pickState) merge(o pickState) {
	for k, v := range o.typed {
		st.typed[k] = v
	}
	for k, v := range o.choices {
		st.choices[k] = v
	}
}

// resolvePickers reads the posted pickers of the fields from vals (the
// posted form, or a GET form's query) and rewrites vals[field] to the ids
// chosen, so the form's own reader sees ids as before. Names that resolve
// to nothing or to several are field errors.
func (s *Server) resolvePickers(r *http.Request, vals url.Values, fields ...pickField) (pickState, salkku.FieldErrors, error) {
	st := pickState{typed: map[string]string{}, choices: map[string][]pickItem{}}
	fe := salkku.FieldErrors{}
	ctx := r.Context()
	for _, pf := range fields {
		f := pf.name
		texts, posted := vals[f+"_name"]
		if !posted {
			continue
		}
		text := strings.TrimSpace(strings.Join(texts, ""))
		multiple := pf.multiple()
		if multiple {
			// The checked members stay; a typed name adds one.
			vals[f+"_name"] = nil
			if text == "" {
				continue
			}
		} else {
			shown := vals.Get(f + "_shown")
			if vals.Get(f) != shown {
				// The id was set directly (a script, a client of its
				// own): it stands, as before pickers had names.
				continue
			}
			if text == "" {
				vals.Set(f, "")
				continue
			}
			// The item shown, unchanged.
			if cur, err := strconv.ParseInt(shown, 10, 64); err == nil && cur > 0 && s.unchanged(ctx, pf, cur, text) {
				continue
			}
		}
		st.typed[f] = text
		matches, err := pf.kind.suggest(s, ctx, text, pf.scope)
		if err != nil {
			return st, fe, err
		}
		id, choices, key := pickOne(pf.kind, matches, text, vals.Get(f+"_pick"))
		if key != "" {
			fe.Add(f, key)
			st.choices[f] = choices
			if !multiple {
				vals.Set(f, "")
			}
			continue
		}
		idv := strconv.FormatInt(id, 10)
		if multiple {
			if !slices.Contains(vals[f], idv) {
				vals[f] = append(vals[f], idv)
			}
			delete(st.typed, f)
		} else {
			vals.Set(f, idv)
		}
	}
	return st, fe, nil
}

// unchanged reports whether text still names the item the page showed.
func (s *Server) unchanged(ctx context.Context, pf pickField, id int64, text string) bool {
	for _, it := range pf.known {
		if it.ID == id && it.matches(text) {
			return true
		}
	}
	it, err := pf.kind.one(s, ctx, id)
	return err == nil && it.matches(text)
}

// pickOne chooses among the items matching text: the one picked from the
// list, else the one exact match; otherwise it returns the matches to
// choose from and the field error to show.
func pickOne(k *pickKind, matches []pickItem, text, pick string) (int64, []pickItem, string) {
	if id, err := strconv.ParseInt(pick, 10, 64); err == nil {
		for _, it := range matches {
			if it.ID == id {
				return id, nil, ""
			}
		}
	}
	var exact []pickItem
	for _, it := range matches {
		if it.matches(text) {
			exact = append(exact, it)
		}
	}
	switch {
	case len(exact) == 1:
		return exact[0].ID, nil, ""
	case len(exact) > 1:
		return 0, exact, k.ambiguous
	case len(matches) > 0:
		return 0, matches, k.ambiguous
	}
	return 0, nil, k.unknown
}

// pickers builds the pickers of a form for showing it: chosen[field]
// holds each field's chosen ids. An item the user may not see is shown
// only when the record already names it (pickField.known), so that a
// posted id cannot reveal a name and saving the form as shown keeps it.
func (s *Server) pickers(r *http.Request, b web.Base, st pickState, chosen map[string][]int64, fields ...pickField) (map[string]Picker, error) {
	out := map[string]Picker{}
	for _, pf := range fields {
		f, k := pf.name, pf.kind
		ids := chosen[f]
		names := map[int64]pickItem{}
		if len(ids) > 0 {
			var err error
			if names, err = s.chosenItems(r, k, ids); err != nil {
				return nil, err
			}
		}
		for _, it := range pf.known {
			if _, ok := names[it.ID]; !ok {
				names[it.ID] = it
			}
		}
		pk := Picker{Field: b.F(f, "", ""), TextName: f + "_name", IDName: f, PickName: f + "_pick",
			Multiple: pf.multiple(), ChooseLabel: b.T(k.choose),
			AddLabel: b.T("picker.add"), NoMembersLabel: b.T("picker.no_members"), SuggestURL: k.path + "?"}
		if k.scoped {
			pk.SuggestURL += "organisation_id=" + strconv.FormatInt(pf.scope, 10) + "&"
		}
		if pk.Hint == "" {
			pk.Hint = b.T(k.hint)
			if pk.Multiple {
				pk.Hint = b.T(k.hint + "_multiple")
			}
		}
		if pk.Multiple {
			for _, id := range ids {
				if it, ok := names[id]; ok {
					pk.Members = append(pk.Members, web.Option{Value: strconv.FormatInt(id, 10), Label: it.Label, Selected: true})
				}
			}
		} else if len(ids) > 0 {
			if it, ok := names[ids[0]]; ok {
				pk.IDValue, pk.Value = strconv.FormatInt(it.ID, 10), it.Name
			}
		}
		if t, ok := st.typed[f]; ok {
			pk.Value = t
		}
		for _, it := range st.choices[f] {
			pk.Choices = append(pk.Choices, web.Option{Value: strconv.FormatInt(it.ID, 10), Label: it.Label})
		}
		out[f] = pk
	}
	return out, nil
}

// chosenItems reads the items of ids for showing them as chosen.
func (s *Server) chosenItems(r *http.Request, k *pickKind, ids []int64) (map[int64]pickItem, error) {
	if k.many != nil {
		return k.many(s, r, ids)
	}
	out := map[int64]pickItem{}
	for _, id := range ids {
		it, err := k.one(s, r.Context(), id)
		switch salkku.ErrorCode(err) {
		case "":
			out[id] = it
		case salkku.ENOTFOUND, salkku.EFORBIDDEN:
			// Out of sight, or gone: not shown.
		default:
			return nil, err
		}
	}
	return out, nil
}

// suggestion is one answer of a suggestion endpoint.
type suggestion struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// Value is what choosing the suggestion types in the field: the
	// name, or another key when several suggestions share the name.
	Value string `json:"value"`
	Label string `json:"label"`
}

// suggestHandler answers a picker's search-as-you-type: the items of the
// kind matching ?q= among those the caller may see (the store filters
// them), at most salkku.MaxSuggestions.
func (s *Server) suggestHandler(k *pickKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		fe := salkku.FieldErrors{}
		text := q.Get("q")
		if err := checkQueryText(text); err != nil {
			fe.Add("q", salkku.ErrorMessage(err))
		}
		var scope int64
		if k.scoped {
			if id := web.FormID(fe, "organisation_id", q.Get("organisation_id")); id != nil {
				scope = *id
			}
		}
		if err := fe.Err(); err != nil {
			s.Error(w, r, err)
			return
		}
		items, err := k.suggest(s, r.Context(), text, scope)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		seen := map[string]int{}
		for _, it := range items {
			seen[strings.ToLower(it.Name)]++
		}
		out := make([]suggestion, 0, len(items))
		for _, it := range items {
			v := it.Name
			if seen[strings.ToLower(it.Name)] > 1 {
				v = it.Label
				if len(it.Keys) > 0 && it.Keys[0] != "" {
					v = it.Keys[0]
				}
			}
			out = append(out, suggestion{ID: it.ID, Name: it.Name, Value: v, Label: it.Label})
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		json.NewEncoder(w).Encode(out)
	}
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
