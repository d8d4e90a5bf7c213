package web

import (
	"html/template"
	"net/http"
	"slices"
	"strings"

	"github.com/salkku/salkku"
)

// Showing and editing salkku.Texts: what people write, in the languages
// their organisation uses.

// Text shows a text in the page's language. Where it has none, it shows
// the primary language's text marked with its own lang, so that a screen
// reader pronounces it in that language.
func (b Base) Text(t salkku.Text) template.HTML {
	s, lang := t.In(b.Lang)
	esc := template.HTMLEscapeString(s)
	if lang == b.Lang || s == "" {
		return template.HTML(esc)
	}
	return template.HTML(`<span lang="` + lang + `">` + esc + `</span>`)
}

// Paras shows a multi-paragraph text as Text does, one <p> per paragraph.
// Lines starting with "- " or "• " are a list: each run of them is a <ul>, and
// the lines before a run are its paragraph (the model's criteria: "Käyttöönotto
// voidaan aloittaa, kun" and its points).
func (b Base) Paras(t salkku.Text) template.HTML {
	s, lang := t.In(b.Lang)
	attr := ""
	if lang != b.Lang {
		attr = ` lang="` + lang + `"`
	}
	var out strings.Builder
	for _, p := range paragraphs(s) {
		var text []string
		inList := false
		flush := func() {
			if len(text) > 0 {
				out.WriteString("<p" + attr + ">" + template.HTMLEscapeString(strings.Join(text, "\n")) + "</p>")
				text = nil
			}
		}
		for _, line := range strings.Split(p, "\n") {
			line = strings.TrimSpace(line)
			item, isItem := strings.CutPrefix(line, "- ")
			if !isItem {
				item, isItem = strings.CutPrefix(line, "• ")
			}
			switch {
			case isItem && !inList:
				flush()
				out.WriteString("<ul" + attr + ">")
				inList = true
			case !isItem && inList:
				out.WriteString("</ul>")
				inList = false
			}
			if isItem {
				out.WriteString("<li>" + template.HTMLEscapeString(strings.TrimSpace(item)) + "</li>")
			} else {
				text = append(text, line)
			}
		}
		if inList {
			out.WriteString("</ul>")
		}
		flush()
	}
	return template.HTML(out.String())
}

// Plain is a text in the page's language or the fallback, without its
// language mark, for titles and attributes.
func (b Base) Plain(t salkku.Text) string {
	s, _ := t.In(b.Lang)
	return s
}

// TextLang is the language a text is shown in on this page.
func (b Base) TextLang(t salkku.Text) string {
	_, lang := t.In(b.Lang)
	return lang
}

// Untranslated reports whether a text is shown in another language than
// the page's, for the quiet note to those who may edit it.
func (b Base) Untranslated(t salkku.Text) bool {
	s, lang := t.In(b.Lang)
	return s != "" && lang != b.Lang
}

// InLang is "in Swedish" in the page's language, as field labels end:
// "Nimi ruotsiksi", "Namn på svenska", "Name in Swedish".
func (b Base) InLang(lang string) string {
	switch lang {
	case salkku.LangFI:
		return b.T("inlang.fi")
	case salkku.LangSV:
		return b.T("inlang.sv")
	case salkku.LangEN:
		return b.T("inlang.en")
	}
	return lang
}

// LangName names a content language in the page's language.
func (b Base) LangName(lang string) string {
	switch lang {
	case salkku.LangFI:
		return b.T("content_lang.fi")
	case salkku.LangSV:
		return b.T("content_lang.sv")
	case salkku.LangEN:
		return b.T("content_lang.en")
	}
	return lang
}

// FieldLabel is the label of a form field as the error summary names it:
// "Nimi ruotsiksi" for name.sv.
func (b Base) FieldLabel(field string) string {
	stem, lang, ok := strings.Cut(field, ".")
	label := b.T("field." + stem)
	if ok {
		label += " " + b.InLang(lang)
	}
	return label
}

// FieldID is the id of a field's control: "f-name-sv" for name.sv.
func FieldID(field string) string { return "f-" + strings.ReplaceAll(field, ".", "-") }

// TF builds the controls of a text field, one per language the page's
// organisation uses (b.ContentLangs), side by side: name.fi, name.sv.
// With one language the label is the field's alone; with more, each says
// its language. opts are F's; "required" marks the languages every name
// must have.
func (b Base) TF(name string, t salkku.Text, opts string) []Field {
	langs := b.ContentLangs
	if len(langs.Used) == 0 {
		langs = salkku.DefaultLanguages()
	}
	required := strings.Contains(opts, "required")
	opts = strings.ReplaceAll(opts, "required", "")
	t = t.Resolve(langs.Primary())
	// A language the organisation does not use still shows where the
	// text has it or it is in error, so that the error summary's link has
	// its control and the text can be cleared.
	shown := slices.Clone(langs.Used)
	for _, lang := range salkku.ContentLangs {
		_, bad := b.Errors[name+"."+lang]
		if !slices.Contains(shown, lang) && (t.Get(lang) != "" || bad) {
			shown = append(shown, lang)
		}
	}
	var out []Field
	for _, lang := range shown {
		key := name + "." + lang
		f := b.F(name, t.Get(lang), opts)
		f.ID, f.Name, f.Lang = FieldID(key), key, lang
		f.Required = required && langs.Requires(lang)
		if len(shown) > 1 {
			f.Label += " " + b.InLang(lang)
		}
		f.Error = ""
		if k, ok := b.Errors[key]; ok {
			f.Error = b.T(k)
		}
		out = append(out, f)
	}
	return out
}

// FormText reads a text field's languages from a posted form, as typed.
// A form that names the field without a language (a script's post) gives
// the text in the organisation's primary language.
func FormText(r *http.Request, name string) salkku.Text {
	var t salkku.Text
	any := false
	for _, lang := range salkku.ContentLangs {
		_, ok := r.PostForm[name+"."+lang]
		any = any || ok
		t.Set(lang, r.PostFormValue(name+"."+lang))
	}
	if _, bare := r.PostForm[name]; bare && !any {
		return salkku.InPrimary(r.PostFormValue(name))
	}
	return t
}

// TextCrumb is a breadcrumb step named by a text, marked with its
// language where that is not the page's.
func (b Base) TextCrumb(t salkku.Text, url string) Crumb {
	c := Crumb{Label: b.Plain(t), URL: url}
	if lang := b.TextLang(t); lang != b.Lang {
		c.Lang = lang
	}
	return c
}

// Missing reports whether any of the texts lacks the page's language
// though its organisation (languages l) writes in it: the quiet note to
// those who may edit. Where the organisation does not use the reader's
// language, the fallback is expected and says nothing.
func (b Base) Missing(l salkku.Languages, ts ...salkku.Text) bool {
	if !l.Uses(b.Lang) {
		return false
	}
	for _, t := range ts {
		if b.Untranslated(t) {
			return true
		}
	}
	return false
}

// GrantTarget names a role's portfolio or project as Text does, its
// code first.
func (b Base) GrantTarget(g *salkku.Grant) template.HTML {
	name := b.Text(g.Target)
	if g.TargetCode == "" {
		return name
	}
	return template.HTML(template.HTMLEscapeString(g.TargetCode)+" ") + name
}
