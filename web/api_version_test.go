package web_test

import (
	"net/http"
	"testing"
)

// TestAPIVersion: a PUT names the version it replaces, in the body or in
// If-Match; a stale one is 409 and changes nothing.
func TestAPIVersion(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.world()
		path := "/api/v1/projects/" + apiID(w.project.ID)
		doc := a.get("projects", w.project.ID)
		if got := a.do("GET", path, nil).Header.Get("ETag"); got != `"v1"` {
			t.Fatalf("ETag = %q, want \"v1\"", got)
		}

		// Someone saves version 1 first.
		mine := cloneObject(doc)
		mine["name"] = "Palomuuripalvelu"
		a.do("PUT", path, mine).want(t, http.StatusOK)
		current := a.get("projects", w.project.ID)

		t.Run("StaleBody", func(t *testing.T) {
			before := a.snapshot()
			theirs := cloneObject(doc) // still version 1
			theirs["name"] = "Vanha nimi"
			e := a.do("PUT", path, theirs).wantError(t, http.StatusConflict, "conflict")
			if want := apiCatalog.T("en", "error.stale_api"); e.Error.Message != want {
				t.Errorf("message = %q, want %q", e.Error.Message, want)
			}
			a.unchanged(before)
			if got := a.get("projects", w.project.ID); got["name"].(map[string]any)["fi"] != "Palomuuripalvelu" || got["version"] != float64(2) {
				t.Errorf("after a stale PUT: %v", got)
			}
		})
		t.Run("StaleIfMatch", func(t *testing.T) {
			before := a.snapshot()
			body := cloneObject(current)
			delete(body, "version")
			body["name"] = "Vanha nimi"
			a.do("PUT", path, body, "If-Match", `"v1"`).wantError(t, http.StatusConflict, "conflict")
			a.unchanged(before)
		})
		t.Run("IfMatch", func(t *testing.T) {
			body := cloneObject(current)
			delete(body, "version")
			body["name"] = "Palomuuri 2"
			res := a.do("PUT", path, body, "If-Match", `"v2"`).want(t, http.StatusOK)
			if got := res.Header.Get("ETag"); got != `"v3"` {
				t.Errorf("ETag = %q, want \"v3\"", got)
			}
			if got := a.get("projects", w.project.ID); got["name"].(map[string]any)["fi"] != "Palomuuri 2" {
				t.Errorf("name = %v", got["name"])
			}
		})
		t.Run("IfMatchWeakAndAgreeing", func(t *testing.T) {
			body := a.get("projects", w.project.ID) // version 3 in the body
			a.do("PUT", path, body, "If-Match", `W/"v3"`).want(t, http.StatusOK)
		})
		t.Run("ErrVersionMissing", func(t *testing.T) {
			before := a.snapshot()
			body := a.get("projects", w.project.ID)
			delete(body, "version")
			a.do("PUT", path, body).wantError(t, http.StatusBadRequest, "invalid", "version")
			body["version"] = 0
			a.do("PUT", path, body).wantError(t, http.StatusBadRequest, "invalid", "version")
			body["version"] = -4
			a.do("PUT", path, body).wantError(t, http.StatusBadRequest, "invalid", "version")
			a.unchanged(before)
		})
		t.Run("ErrVersionHuge", func(t *testing.T) {
			// Larger than any stored version (and than PostgreSQL's
			// integer): bad input naming the version, not a server error.
			before := a.snapshot()
			body := a.get("projects", w.project.ID)
			body["version"] = 1 << 40
			a.do("PUT", path, body).wantError(t, http.StatusBadRequest, "invalid", "version")
			delete(body, "version")
			a.do("PUT", path, body, "If-Match", `"v99999999999"`).wantError(t, http.StatusBadRequest, "invalid", "version")
			a.unchanged(before)
		})
		t.Run("ErrIfMatchDisagrees", func(t *testing.T) {
			before := a.snapshot()
			body := a.get("projects", w.project.ID)
			a.do("PUT", path, body, "If-Match", `"v1"`).wantError(t, http.StatusBadRequest, "invalid", "version")
			a.unchanged(before)
		})
		t.Run("ErrIfMatchMalformed", func(t *testing.T) {
			before := a.snapshot()
			body := a.get("projects", w.project.ID)
			delete(body, "version")
			for _, h := range []string{"*", "v4", `"4"`, `"vx"`, `"v0"`} {
				a.do("PUT", path, body, "If-Match", h).wantError(t, http.StatusBadRequest, "invalid", "If-Match")
			}
			a.unchanged(before)
		})
		t.Run("EveryResource", func(t *testing.T) {
			// Every resource's PUT checks the version.
			for _, c := range []struct{ collection, id string }{
				{"organisations", apiID(w.org.ID)}, {"people", apiID(w.people[0].ID)},
				{"portfolios", apiID(w.portfolio.ID)}, {"categories", apiID(w.category.ID)},
				{"projects", apiID(w.project.ID)}, {"workpackages", apiID(w.wp.ID)},
			} {
				doc := a.get(c.collection, c.id)
				doc["version"] = doc["version"].(float64) + 1
				before := a.snapshot()
				a.do("PUT", "/api/v1/"+c.collection+"/"+c.id, doc).wantError(t, http.StatusConflict, "conflict")
				delete(doc, "version")
				a.do("PUT", "/api/v1/"+c.collection+"/"+c.id, doc).wantError(t, http.StatusBadRequest, "invalid", "version")
				a.unchanged(before)
			}
		})
	})
}
