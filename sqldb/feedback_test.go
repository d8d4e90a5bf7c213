package sqldb_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/salkku/salkku"
)

// jsonHas reports whether a JSON object has the key with the value.
func jsonHas(doc, key string, value any) bool {
	var m map[string]any
	return json.Unmarshal([]byte(doc), &m) == nil && m[key] == value
}

// anonymous is a request's context when nobody is signed in.
func anonymous(ctx context.Context) context.Context {
	return salkku.WithCaller(ctx, salkku.Actor{}, nil)
}

func TestCreateFeedback(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		t.Run("OK", func(t *testing.T) {
			db := mustOpen(t, engine)
			f := &salkku.Feedback{Message: "  Kuvalta puuttuu tekstivastine.  ", Name: "Aino Aalto", Email: "aino@example.invalid",
				PageURL: "/portfolios/1", Lang: "fi"}
			must(t, db.CreateFeedback(anonymous(t.Context()), f, "192.0.2.1"))
			got, total, err := db.FindFeedback(salkku.System(t.Context()), salkku.FeedbackFilter{})
			must(t, err)
			if total != 1 || len(got) != 1 {
				t.Fatalf("got %d of %d, want the one sent", len(got), total)
			}
			wantEqual(t, got[0], f)
			if got[0].Message != "Kuvalta puuttuu tekstivastine." {
				t.Errorf("message %q, want it trimmed", got[0].Message)
			}
			// The audit row says a message came, never who sent it.
			entries, _, err := db.FindAudit(salkku.System(t.Context()), salkku.AuditFilter{Entity: "feedback"})
			must(t, err)
			if len(entries) != 1 || entries[0].Action != "create" || entries[0].EntityID != f.ID {
				t.Fatalf("audit %s, want one create of the message", dump(entries))
			}
			if a := entries[0].After; strings.Contains(a, "aino") || strings.Contains(a, "Aino") || strings.Contains(a, "tekstivastine") {
				t.Errorf("audit row %s holds the sender or the message", a)
			}
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			db := mustOpen(t, engine)
			ctx := anonymous(t.Context())
			for _, c := range []struct {
				name, field string
				f           salkku.Feedback
			}{
				{"message required", "feedback_message", salkku.Feedback{Message: "   "}},
				{"message too long", "feedback_message", salkku.Feedback{Message: strings.Repeat("ä", salkku.MaxFeedbackLen+1)}},
				{"too many links", "feedback_message", salkku.Feedback{Message: "http://a.example https://b.example www.c.example http://d.example"}},
				{"bad e-mail", "sender_email", salkku.Feedback{Message: "Hei", Email: "ei-osoite"}},
				{"bad page", "page_url", salkku.Feedback{Message: "Hei", PageURL: "javascript:alert(1)"}},
				{"name on two lines", "sender_name", salkku.Feedback{Message: "Hei", Name: "Aino\nAalto"}},
			} {
				t.Run(c.name, func(t *testing.T) {
					wantErr(t, db.CreateFeedback(ctx, &c.f, "192.0.2.1"), salkku.EINVALID, c.field)
				})
			}
			if _, total, err := db.FindFeedback(salkku.System(t.Context()), salkku.FeedbackFilter{}); err != nil || total != 0 {
				t.Fatalf("%d stored (%v), want none", total, err)
			}
		})
		t.Run("ErrTooMany", func(t *testing.T) {
			db := mustOpen(t, engine)
			now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
			db.Now = func() time.Time { return now }
			ctx := anonymous(t.Context())
			send := func(addr string) error {
				return db.CreateFeedback(ctx, &salkku.Feedback{Message: "Kontrasti on heikko."}, addr)
			}
			for i := range salkku.MaxFeedbackPerAddr {
				if err := send("192.0.2.1"); err != nil {
					t.Fatalf("message %d: %v", i+1, err)
				}
				now = now.Add(time.Minute)
			}
			wantErr(t, send("192.0.2.1"), salkku.ETOOMANY, "")
			must(t, send("192.0.2.2")) // another address is not limited
			now = now.Add(salkku.FeedbackWindow)
			must(t, send("192.0.2.1")) // an hour later, the first may send again
			if _, total, _ := db.FindFeedback(salkku.System(t.Context()), salkku.FeedbackFilter{}); total != salkku.MaxFeedbackPerAddr+2 {
				t.Errorf("%d stored, want %d: the refused one is not", total, salkku.MaxFeedbackPerAddr+2)
			}
		})
	})
}

func TestFindFeedback(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		db := mustOpen(t, engine)
		for _, m := range []string{"eka", "toka", "kolmas"} {
			must(t, db.CreateFeedback(anonymous(t.Context()), &salkku.Feedback{Message: m}, "192.0.2."+m))
		}
		t.Run("NewestFirst", func(t *testing.T) {
			got, total, err := db.FindFeedback(salkku.System(t.Context()), salkku.FeedbackFilter{Page: salkku.Page{Limit: 2}})
			must(t, err)
			if total != 3 || len(got) != 2 || got[0].Message != "kolmas" || got[1].Message != "toka" {
				t.Fatalf("got %s of %d, want kolmas, toka of 3", dump(got), total)
			}
		})
		t.Run("ErrForbidden", func(t *testing.T) {
			u := &salkku.User{Email: "katsoja@example.invalid", Name: "Katsoja"}
			must(t, db.CreateUser(salkku.System(t.Context()), u, ""))
			ctx := salkku.WithCaller(t.Context(), salkku.Actor{UserID: u.ID, Name: u.Name}, &salkku.Access{UserID: u.ID})
			_, _, err := db.FindFeedback(ctx, salkku.FeedbackFilter{})
			wantErr(t, err, salkku.EFORBIDDEN, "")
			wantErr(t, db.SetFeedbackHandled(ctx, 1, true), salkku.EFORBIDDEN, "")
			_, _, err = db.FindFeedback(anonymous(t.Context()), salkku.FeedbackFilter{})
			wantErr(t, err, salkku.EFORBIDDEN, "")
		})
	})
}

func TestSetFeedbackHandled(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		db := mustOpen(t, engine)
		admin := &salkku.User{Email: "paakayttaja@example.invalid", Name: "Pää Käyttäjä", Admin: true}
		must(t, db.CreateUser(salkku.System(t.Context()), admin, ""))
		ctx := salkku.WithCaller(t.Context(), salkku.Actor{UserID: admin.ID, Name: admin.Name}, &salkku.Access{UserID: admin.ID, Admin: true})
		f := &salkku.Feedback{Message: "Fokus ei näy."}
		must(t, db.CreateFeedback(anonymous(t.Context()), f, "192.0.2.1"))
		t.Run("OK", func(t *testing.T) {
			must(t, db.SetFeedbackHandled(ctx, f.ID, true))
			got, _, err := db.FindFeedback(ctx, salkku.FeedbackFilter{})
			must(t, err)
			if got[0].HandledAt == nil || got[0].HandledByName != admin.Name {
				t.Fatalf("got %s, want handled by %s", dump(got[0]), admin.Name)
			}
			must(t, db.SetFeedbackHandled(ctx, f.ID, false))
			got, _, _ = db.FindFeedback(ctx, salkku.FeedbackFilter{})
			if got[0].HandledAt != nil || got[0].HandledByName != "" {
				t.Fatalf("got %s, want not handled again", dump(got[0]))
			}
			entries, _, err := db.FindAudit(ctx, salkku.AuditFilter{Entity: "feedback", Action: "update"})
			must(t, err)
			if len(entries) != 2 || entries[1].ActorName != admin.Name || !jsonHas(entries[1].After, "handled", true) {
				t.Fatalf("audit %s, want two updates by the admin", dump(entries))
			}
		})
		t.Run("ErrNotFound", func(t *testing.T) {
			wantErr(t, db.SetFeedbackHandled(ctx, f.ID+100, true), salkku.ENOTFOUND, "")
		})
	})
}

func TestSettings(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		db := mustOpen(t, engine)
		ctx := salkku.System(t.Context())
		t.Run("OK", func(t *testing.T) {
			must(t, db.SetSettings(ctx, map[string]string{"a11y_status": "full", "a11y_made": "2026-01-02"}))
			got, err := db.Settings(anonymous(t.Context()), "a11y_status", "a11y_made", "a11y_reviewed")
			must(t, err)
			wantEqual(t, got, map[string]string{"a11y_status": "full", "a11y_made": "2026-01-02", "a11y_reviewed": ""})
			entries, _, err := db.FindAudit(ctx, salkku.AuditFilter{Entity: "setting"})
			must(t, err)
			if len(entries) != 1 || !jsonHas(entries[0].Before, "a11y_made", "") || !jsonHas(entries[0].After, "a11y_status", "full") {
				t.Fatalf("audit %s, want one row with both settings", dump(entries))
			}
		})
		t.Run("ErrInstanceKey", func(t *testing.T) {
			_, err := db.Settings(ctx, "a11y_status", "instance_key")
			wantErr(t, err, salkku.ENOTFOUND, "")
			wantErr(t, db.SetSettings(ctx, map[string]string{"instance_key": "x"}), salkku.EINVALID, "")
		})
		t.Run("ErrForbidden", func(t *testing.T) {
			wantErr(t, db.SetSettings(anonymous(t.Context()), map[string]string{"a11y_status": "none"}), salkku.EFORBIDDEN, "")
		})
	})
}
