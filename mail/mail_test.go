package mail_test

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/salkku/salkku/internal/mailpit"
	"github.com/salkku/salkku/mail"
)

func client(tb testing.TB, s *mailpit.Server, mode, user string) *mail.Client {
	tb.Helper()
	cfg := mail.Config{Host: s.Host, Port: s.Port, TLS: mode, From: "Salkku – Tietohallinto <salkku@kaupunki.example>",
		Username: user, Timeout: 10 * time.Second}
	if user != "" {
		cfg.Password = "salainen"
	}
	if s.RootCAs != nil {
		cfg.TLSConfig = &tls.Config{RootCAs: s.RootCAs}
	}
	c, err := mail.New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// TestSend sends through mailpit in each TLS mode and reads back what
// arrived: the Finnish subject and body intact, the names encoded, and the
// headers a mail client needs.
func TestSend(t *testing.T) {
	const subject = "Muistutus: tilanneraportti erääntyy"
	body := "Hei Äiti Öljynen,\n\nhankkeen ”Palomuuri” tilanneraportti erääntyy 4.12.2026.\n" +
		strings.Repeat("Pitkä rivi ", 12) + "\n.\nLinkki: https://salkku.example/projects/1/reports?x=1&y=2\n"
	for _, tc := range []struct {
		name string
		opt  mailpit.Options
		mode string
		user string
	}{
		{"None", mailpit.Options{}, mail.TLSNone, ""},
		{"StartTLSAuth", mailpit.Options{TLS: true, Auth: true}, mail.TLSStartTLS, "salkku"},
		{"ImplicitTLS", mailpit.Options{TLS: true, Implicit: true, Auth: true}, mail.TLSImplicit, "salkku"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := mailpit.Start(t, tc.opt)
			c := client(t, s, tc.mode, tc.user)
			if err := c.Send(context.Background(), mail.Message{To: "aiti.oljynen@kaupunki.example", ToName: "Äiti Öljynen",
				Subject: subject, Body: body}); err != nil {
				t.Fatal(err)
			}
			ms := s.Wait(t, 1)
			if len(ms) != 1 {
				t.Fatalf("%d messages arrived, want 1", len(ms))
			}
			m := s.Message(t, ms[0].ID)
			if m.Subject != subject {
				t.Errorf("subject %q, want %q", m.Subject, subject)
			}
			if got, want := strings.ReplaceAll(m.Text, "\r\n", "\n"), body; got != want {
				t.Errorf("body\n%q\nwant\n%q", got, want)
			}
			if len(m.To) != 1 || m.To[0].Name != "Äiti Öljynen" || m.To[0].Address != "aiti.oljynen@kaupunki.example" {
				t.Errorf("to %+v", m.To)
			}
			if m.From.Name != "Salkku – Tietohallinto" || m.From.Address != "salkku@kaupunki.example" {
				t.Errorf("from %+v", m.From)
			}
			if !strings.HasSuffix(m.MessageID, "@kaupunki.example") {
				t.Errorf("message id %q", m.MessageID)
			}
			if time.Since(m.Date) > time.Minute || m.Date.After(time.Now().Add(time.Minute)) {
				t.Errorf("date %v", m.Date)
			}
			h := s.Headers(t, ms[0].ID)
			for k, want := range map[string]string{
				"Mime-Version":              "1.0",
				"Content-Type":              "text/plain; charset=utf-8",
				"Content-Transfer-Encoding": "quoted-printable",
			} {
				if got := strings.Join(h[k], ","); got != want {
					t.Errorf("%s: %q, want %q", k, got, want)
				}
			}
			// The subject travels as RFC 2047 words, not raw 8-bit.
			if raw := strings.Join(h["Subject"], ""); !strings.Contains(raw, "=?utf-8?q?") {
				t.Errorf("Subject header %q is not Q-encoded", raw)
			}
		})
	}
}

// TestSendErrors: a closed port, a server without STARTTLS, a header
// injection attempt and credentials without TLS are errors, not silence.
func TestSendErrors(t *testing.T) {
	t.Run("ClosedPort", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		c, err := mail.New(mail.Config{Host: "127.0.0.1", Port: port, TLS: mail.TLSNone, From: "salkku@kaupunki.example"})
		if err != nil {
			t.Fatal(err)
		}
		err = c.Send(context.Background(), mail.Message{To: "a@kaupunki.example", Subject: "x", Body: "x"})
		if err == nil || !strings.Contains(err.Error(), "127.0.0.1:"+strconv.Itoa(port)) {
			t.Fatalf("err %v, want a connection error naming the server", err)
		}
	})
	t.Run("NoStartTLS", func(t *testing.T) {
		s := mailpit.Start(t, mailpit.Options{})
		c := client(t, s, mail.TLSStartTLS, "")
		err := c.Send(context.Background(), mail.Message{To: "a@kaupunki.example", Subject: "x", Body: "x"})
		if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
			t.Fatalf("err %v, want STARTTLS refused", err)
		}
		if ms := s.Messages(t); len(ms) != 0 {
			t.Fatalf("%d messages arrived over plain text", len(ms))
		}
	})
	t.Run("AuthNeedsTLS", func(t *testing.T) {
		_, err := mail.New(mail.Config{Host: "smtp.example", TLS: mail.TLSNone, Username: "u", Password: "p", From: "a@b.example"})
		if !errors.Is(err, mail.ErrAuthNeedsTLS) {
			t.Fatalf("err %v, want ErrAuthNeedsTLS", err)
		}
	})
	t.Run("BadMode", func(t *testing.T) {
		_, err := mail.New(mail.Config{Host: "smtp.example", TLS: "ssl3", From: "a@b.example"})
		if !errors.Is(err, mail.ErrTLSMode) {
			t.Fatalf("err %v, want ErrTLSMode", err)
		}
	})
	t.Run("HeaderInjection", func(t *testing.T) {
		c, err := mail.New(mail.Config{Host: "smtp.example", From: "a@b.example"})
		if err != nil {
			t.Fatal(err)
		}
		msg, err := c.Format(mail.Message{To: "x@b.example", Subject: "Hei\r\nBcc: kaikki@b.example", Body: "x"})
		if err != nil {
			t.Fatal(err)
		}
		head, _, _ := strings.Cut(string(msg), "\r\n\r\n")
		if strings.Contains(head, "\r\nBcc:") {
			t.Fatalf("the subject added a header:\n%s", head)
		}
		if _, err := c.Format(mail.Message{To: "x@b.example\r\nBcc: y@b.example", Subject: "x", Body: "x"}); err == nil {
			t.Fatal("a recipient with a line break was accepted")
		}
	})
}

// TestDefaults fills the port from the TLS mode.
func TestDefaults(t *testing.T) {
	for mode, want := range map[string]int{mail.TLSNone: 25, mail.TLSStartTLS: 587, mail.TLSImplicit: 465, "": 587} {
		cfg := mail.Config{Host: "smtp.example", TLS: mode, From: "a@b.example"}
		if err := cfg.Validate(); err != nil {
			t.Fatal(err)
		}
		if cfg.Port != want {
			t.Errorf("%q: port %d, want %d", mode, cfg.Port, want)
		}
	}
}
