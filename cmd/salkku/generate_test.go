package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/salkku/salkku"
	"github.com/salkku/salkku/sqldb"
)

// TestDemoGenerate runs "salkku demo generate" on an empty folder, reads
// the register back, and runs it again on the full one, which it refuses.
func TestDemoGenerate(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	args := []string{"demo", "generate", "--scale", "tiny", "--seed", "7", "--data", dir}
	if err := run(ctx, args, strings.NewReader(""), &out, &errOut); err != nil {
		t.Fatalf("generate: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(errOut.String(), "projects") || !strings.Contains(errOut.String(), "60 / 60") {
		t.Errorf("no progress for projects on stderr:\n%s", errOut.String())
	}
	db, err := sqldb.Open(ctx, sqldb.Config{Path: dir + "/salkku.db"})
	if err != nil {
		t.Fatal(err)
	}
	_, total, err := db.FindProjects(salkku.System(ctx), salkku.ProjectFilter{})
	db.Close()
	if err != nil || total != 60 {
		t.Errorf("projects after generate: %d, %v; want 60", total, err)
	}

	out.Reset()
	errOut.Reset()
	err = run(ctx, args, strings.NewReader(""), &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "already has data") {
		t.Errorf("generate into a full database: %v, want a refusal", err)
	}
	err = run(ctx, []string{"demo", "generate", "--scale", "planet", "--data", t.TempDir()}, strings.NewReader(""), &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "unknown scale") {
		t.Errorf("unknown scale: %v", err)
	}
}
