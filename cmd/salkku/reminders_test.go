package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/mail"
)

// TestSMTPConfig reads the SMTP settings from SALKKU_SMTP_* and starts
// the reminder job with them; the password is never printed, and Close
// stops the job.
func TestSMTPConfig(t *testing.T) {
	t.Setenv("SALKKU_SMTP_HOST", "127.0.0.1")
	t.Setenv("SALKKU_SMTP_PORT", "2525")
	t.Setenv("SALKKU_SMTP_TLS", "tls")
	t.Setenv("SALKKU_SMTP_USER", "salkku")
	t.Setenv("SALKKU_SMTP_PASSWORD", "very-secret-password")
	t.Setenv("SALKKU_SMTP_FROM", "Salkku <salkku@kaupunki.example>")
	t.Setenv("SALKKU_REMINDER_DAYS", "5")
	t.Setenv("SALKKU_REMINDER_INTERVAL", "2m")
	m := NewMain()
	if err := m.ParseFlags("serve", []string{"--addr", "127.0.0.1:0", "--data", filepath.Join(t.TempDir(), "data")}, io.Discard); err != nil {
		t.Fatal(err)
	}
	want := mail.Config{Host: "127.0.0.1", Port: 2525, TLS: "tls", Username: "salkku", Password: "very-secret-password",
		From: "Salkku <salkku@kaupunki.example>"}
	if m.Config.SMTP != want || m.Config.ReminderDays != 5 || m.Config.ReminderInterval != 2*time.Minute {
		t.Fatalf("config %+v, %d, %s", m.Config.SMTP, m.Config.ReminderDays, m.Config.ReminderInterval)
	}
	var out bytes.Buffer
	m.Stdout = &out
	m.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := m.Run(salkku.System(context.Background())); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- m.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not stop the reminder job")
	}
	if s := out.String(); !strings.Contains(s, "e-mail reminders via 127.0.0.1:2525") || strings.Contains(s, "very-secret-password") {
		t.Fatalf("start-up output:\n%s", s)
	}

	t.Setenv("SALKKU_SMTP_TLS", "none")
	m = NewMain()
	if err := m.ParseFlags("serve", []string{"--addr", "127.0.0.1:0", "--data", filepath.Join(t.TempDir(), "data")}, io.Discard); err != nil {
		t.Fatal(err)
	}
	m.Stdout, m.Logger = io.Discard, slog.New(slog.NewTextHandler(io.Discard, nil))
	err := m.Run(salkku.System(context.Background()))
	m.Close()
	if err == nil || !strings.Contains(err.Error(), "only over TLS") {
		t.Fatalf("a password without TLS: %v", err)
	}
}
