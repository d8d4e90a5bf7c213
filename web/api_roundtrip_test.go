package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/salkku/salkku"
)

// roundTrip describes one resource's round trip: a body with every
// editable field set, the read-only values the server should add, and a
// change of every field.
type roundTrip struct {
	collection string
	schema     string       // the OpenAPI schema of the record
	typ        reflect.Type // the domain type
	create     map[string]any
	created    map[string]any // read-only values after create
	change     map[string]any
	changed    map[string]any // read-only values after the change
	// immutable fields keep their value in change.
	immutable []string
	// guarded are read-only fields that a PUT may send back as they are
	// but not change: the server refuses another value, naming the field.
	guarded map[string]any
}

// serverFields are set by the server on every record.
var serverFields = []string{"id", "version", "created_at", "updated_at"}

// TestAPIRoundTrip creates each resource with every field set, reads it
// back, replaces every field, reads it again, and sends the unchanged
// document back; every field must survive each step.
func TestAPIRoundTrip(t *testing.T) {
	apiEachEngine(t, func(t *testing.T, a *apiTest) {
		w := a.world()
		ctx := salkku.System(context.Background())
		p := w.people
		// A top-level portfolio in the other organisation, to move a
		// portfolio there, and a second work package to hang one under.
		other := &salkku.Portfolio{OrganisationID: w.org2.ID, Name: salkku.T("Kaarinan salkku")}
		if err := a.db.CreatePortfolio(ctx, other); err != nil {
			t.Fatal(err)
		}
		wp1 := w.wp
		wp2 := &salkku.WorkPackage{ProjectID: w.project.ID, Code: "OA2", Name: salkku.T("Osa-alue 2")}
		if err := a.db.CreateWorkPackage(ctx, wp2); err != nil {
			t.Fatal(err)
		}
		spec := a.openAPI()
		models, err := a.db.FindModels(ctx, w.org.ID)
		if err != nil || len(models) != 1 {
			t.Fatalf("models of the organisation: %v, %v", models, err)
		}
		// A new project starts in the first phase of the organisation's
		// model, before P0; its position moves only by gate decisions.
		position := map[string]any{"status": "proposed", "model_id": models[0].ID, "phase": "proposal", "next_gate": "P0"}

		for _, rt := range []roundTrip{{
			collection: "organisations", schema: "Organisation", typ: reflect.TypeOf(salkku.Organisation{}),
			create: map[string]any{"name": map[string]any{"fi": "Raision kaupunki"}, "business_id": "0204819-8",
				"languages": map[string]any{"used": []string{"fi"}, "required": []string{"fi"}}},
			// Bilingual: both names are kept and come back.
			change: map[string]any{"name": map[string]any{"fi": "Raisio", "sv": "Reso"}, "business_id": "1234567-1",
				"languages": map[string]any{"used": []string{"sv", "fi"}, "required": []string{"sv", "fi"}}},
		}, {
			collection: "people", schema: "Person", typ: reflect.TypeOf(salkku.Person{}),
			create: map[string]any{"organisation_id": w.org.ID, "name": "Liisa Salo", "email": "liisa.salo@naantali.fi", "title": "Tietohallintopäällikkö"},
			// No user has the e-mail: the person is linked to none.
			created: map[string]any{"user_id": nil},
			change:  map[string]any{"organisation_id": w.org2.ID, "name": "Liisa Salo-Mäki", "email": "liisa@kaarina.fi", "title": "Tietohallintojohtaja"},
			changed: map[string]any{"user_id": nil},
		}, {
			collection: "portfolios", schema: "Portfolio", typ: reflect.TypeOf(salkku.Portfolio{}),
			create: map[string]any{"organisation_id": w.org.ID, "parent_id": w.portfolio.ID, "name": map[string]any{"fi": "Kasvatus"}, "description": map[string]any{"fi": "Varhaiskasvatus\n\nja opetus"},
				"follow_up": map[string]any{"fi": "Seuranta ohjausryhmässä."}, "owner_id": p[0].ID, "board_ids": []int64{p[1].ID, p[2].ID}},
			created: map[string]any{"organisation_name": w.org.Name, "owner_name": p[0].Name, "parent_name": w.portfolio.Name, "project_count": 0},
			change: map[string]any{"organisation_id": w.org2.ID, "parent_id": other.ID, "name": map[string]any{"fi": "Kasvatus ja opetus"}, "description": map[string]any{"fi": "Kaarinan puolella"},
				"follow_up": map[string]any{"fi": "Raportti kvartaaleittain."}, "owner_id": p[3].ID, "board_ids": []int64{p[2].ID, p[0].ID, p[3].ID}},
			changed: map[string]any{"organisation_name": w.org2.Name, "owner_name": p[3].Name, "parent_name": other.Name, "project_count": 0},
		}, {
			collection: "categories", schema: "Category", typ: reflect.TypeOf(salkku.Category{}),
			create:    map[string]any{"portfolio_id": w.portfolio.ID, "name": map[string]any{"fi": "Sovellushankkeet"}, "description": map[string]any{"fi": "Uudet sovellukset"}, "position": 5, "chapter": 40},
			created:   map[string]any{"project_count": 0},
			change:    map[string]any{"portfolio_id": w.portfolio.ID, "name": map[string]any{"fi": "Sovellukset"}, "description": map[string]any{"fi": "Uudet ja vanhat"}, "position": 9, "chapter": 41},
			changed:   map[string]any{"project_count": 0},
			immutable: []string{"portfolio_id"},
		}, {
			collection: "projects", schema: "Project", typ: reflect.TypeOf(salkku.Project{}),
			create: map[string]any{"portfolio_id": w.portfolio.ID, "category_id": w.category.ID, "code": "4.7", "name": map[string]any{"fi": "Langaton verkko"},
				"description": map[string]any{"fi": "WLAN kaikkiin kouluihin.\nToinen rivi."}, "owner_id": p[0].ID, "manager_id": p[1].ID, "service_owner_id": p[2].ID,
				"vendors": []string{"DNA Oy", "Elisa Oyj"}, "start": "2017-10", "end": "2018-04", "continuous": false, "mandatory": true,
				"tags": []string{"H", "verkko"}},
			created: withFields(position, map[string]any{"portfolio_name": w.portfolio.Name, "category_name": w.category.Name, "owner_name": p[0].Name,
				"manager_name": p[1].Name, "service_owner_name": p[2].Name}),
			change: map[string]any{"portfolio_id": w.portfolio2.ID, "category_id": w.category2.ID, "code": "OA2 TP3", "name": map[string]any{"fi": "Koulujen verkko"},
				"description": map[string]any{"fi": "Vain lukiot."}, "owner_id": p[3].ID, "manager_id": p[2].ID, "service_owner_id": p[1].ID,
				"vendors": []string{"Telia"}, "start": "2018-01", "end": nil, "continuous": true, "mandatory": false,
				"tags": []string{"koulut"}},
			changed: withFields(position, map[string]any{"portfolio_name": w.portfolio2.Name, "category_name": w.category2.Name, "owner_name": p[3].Name,
				"manager_name": p[2].Name, "service_owner_name": p[1].Name}),
			guarded: map[string]any{"status": "closed", "model_id": models[0].ID + 1000, "phase": "implementation", "next_gate": "P4"},
		}, {
			collection: "workpackages", schema: "WorkPackage", typ: reflect.TypeOf(salkku.WorkPackage{}),
			create: map[string]any{"project_id": w.project.ID, "parent_id": wp1.ID, "code": "TP1", "name": map[string]any{"fi": "Työpaketti 1"},
				"description": map[string]any{"fi": "Kuvaus"}, "responsible_ids": []int64{p[0].ID, p[1].ID}, "tags": []string{"H"}, "position": 3},
			created: map[string]any{"responsible_names": []string{p[0].Name, p[1].Name}},
			change: map[string]any{"project_id": w.project.ID, "parent_id": wp2.ID, "code": "TP2", "name": map[string]any{"fi": "Työpaketti 2"},
				"description": map[string]any{"fi": "Toinen kuvaus"}, "responsible_ids": []int64{p[3].ID}, "tags": []string{"HELLÄ", "b"}, "position": 4},
			changed:   map[string]any{"responsible_names": []string{p[3].Name}},
			immutable: []string{"project_id"},
		}} {
			t.Run(rt.collection, func(t *testing.T) {
				a := *a
				a.t = t
				rt.checkCoverage(t)

				// Create: the answer is the stored record, as a GET shows it.
				res := a.do("POST", "/api/v1/"+rt.collection, rt.create).want(t, http.StatusCreated)
				created := res.object(t)
				id := created["id"]
				if loc, want := res.Header.Get("Location"), "/api/v1/"+rt.collection+"/"+apiID(id); loc != want {
					t.Errorf("Location = %q, want %q", loc, want)
				}
				if got := res.Header.Get("ETag"); got != `"v1"` {
					t.Errorf("ETag of create = %q, want \"v1\"", got)
				}
				got := a.get(rt.collection, id)
				if !reflect.DeepEqual(got, created) {
					t.Errorf("GET differs from the POST answer:\nGET  %v\nPOST %v", got, created)
				}
				checkRecord(t, got, rt.create, rt.created, 1)
				checkSchema(t, spec, rt.schema, got)

				// Replace every field.
				body := cloneObject(rt.change)
				body["version"] = 1
				res = a.do("PUT", "/api/v1/"+rt.collection+"/"+apiID(id), body).want(t, http.StatusOK)
				if got := res.Header.Get("ETag"); got != `"v2"` {
					t.Errorf("ETag of replace = %q, want \"v2\"", got)
				}
				put := res.object(t)
				got = a.get(rt.collection, id)
				if !reflect.DeepEqual(got, put) {
					t.Errorf("GET differs from the PUT answer:\nGET %v\nPUT %v", got, put)
				}
				checkRecord(t, got, rt.change, rt.changed, 2)
				if got["id"] != id || got["created_at"] != created["created_at"] {
					t.Errorf("id or created_at changed: %v → %v, %v → %v", id, got["id"], created["created_at"], got["created_at"])
				}

				// The document as read goes back unchanged, read-only fields
				// and all.
				res = a.do("PUT", "/api/v1/"+rt.collection+"/"+apiID(id), got).want(t, http.StatusOK)
				again := a.get(rt.collection, id)
				checkRecord(t, again, rt.change, rt.changed, 3)

				// Read-only fields are ignored whatever they hold; the id in
				// the path wins.
				tampered := cloneObject(again)
				for k := range tampered {
					if _, guarded := rt.guarded[k]; !guarded && !slices.Contains(rt.editable(), k) && k != "version" {
						tampered[k] = "ignored"
					}
				}
				tampered["id"] = 999999
				a.do("PUT", "/api/v1/"+rt.collection+"/"+apiID(id), tampered).want(t, http.StatusOK)
				checkRecord(t, a.get(rt.collection, id), rt.change, rt.changed, 4)
				if n := a.do("GET", "/api/v1/"+rt.collection+"/999999", nil).Status; n != http.StatusNotFound {
					t.Errorf("a record 999999 appeared: %d", n)
				}

				// Guarded fields are the server's: another value is refused,
				// naming the field, and nothing changes.
				for k, v := range rt.guarded {
					body := a.get(rt.collection, id)
					body[k] = v
					before := a.snapshot()
					field := k
					if k == "next_gate" {
						field = "phase" // the store names the position by its phase
					}
					a.do("PUT", "/api/v1/"+rt.collection+"/"+apiID(id), body).wantError(t, http.StatusBadRequest, "invalid", field)
					a.unchanged(before)
				}
			})
		}
	})
}

// editable lists the fields a client sets.
func (rt roundTrip) editable() []string { return objectKeys(rt.create) }

// checkCoverage fails when the test leaves a field of the domain type out,
// or when the change keeps a field's value, so that a new field cannot go
// untested.
func (rt roundTrip) checkCoverage(t *testing.T) {
	t.Helper()
	covered := append(append(objectKeys(rt.create), objectKeys(rt.created)...), serverFields...)
	sort := slices.Sorted(slices.Values(covered))
	if want := jsonFields(rt.typ); !slices.Equal(sort, want) {
		t.Fatalf("the round trip covers %v,\nthe domain type has %v", sort, want)
	}
	if !slices.Equal(objectKeys(rt.change), objectKeys(rt.create)) {
		t.Fatalf("change sets %v, create %v", objectKeys(rt.change), objectKeys(rt.create))
	}
	for k, v := range rt.create {
		if reflect.DeepEqual(viaJSON(t, v), viaJSON(t, rt.change[k])) != slices.Contains(rt.immutable, k) {
			t.Errorf("field %q: the change must alter every field but the immutable ones", k)
		}
	}
}

// checkRecord compares a record with what was sent and the read-only
// values expected, and checks the server fields.
func checkRecord(t *testing.T, got, sent, readOnly map[string]any, version int) {
	t.Helper()
	for k, v := range sent {
		if want := viaJSON(t, v); !reflect.DeepEqual(got[k], want) {
			t.Errorf("%s = %#v, want %#v", k, got[k], want)
		}
	}
	for k, v := range readOnly {
		if want := viaJSON(t, v); !reflect.DeepEqual(got[k], want) {
			t.Errorf("read-only %s = %#v, want %#v", k, got[k], want)
		}
	}
	if id, _ := got["id"].(float64); id <= 0 {
		t.Errorf("id = %v", got["id"])
	}
	if got["version"] != float64(version) {
		t.Errorf("version = %v, want %d", got["version"], version)
	}
	for _, k := range []string{"created_at", "updated_at"} {
		s, _ := got[k].(string)
		if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
			t.Errorf("%s = %v: %v", k, got[k], err)
		}
	}
	if want := len(sent) + len(readOnly) + len(serverFields); len(got) != want {
		t.Errorf("the record has fields %v, want %d", objectKeys(got), want)
	}
}

// checkSchema fails when a record's fields differ from its OpenAPI
// schema's properties, or it lacks a required one.
func checkSchema(t *testing.T, spec map[string]any, name string, record map[string]any) {
	t.Helper()
	schema := dig(t, spec, "components", "schemas", name)
	props := objectKeys(schema["properties"].(map[string]any))
	if got := objectKeys(record); !slices.Equal(got, props) {
		t.Errorf("schema %s has properties %v,\nthe API answers %v", name, props, got)
	}
	for _, r := range schema["required"].([]any) {
		if _, ok := record[r.(string)]; !ok {
			t.Errorf("schema %s requires %v, the answer lacks it", name, r)
		}
	}
}

// normal returns v as it looks after a trip through JSON.
func viaJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// withFields returns a copy of base with more's fields added.
func withFields(base, more map[string]any) map[string]any {
	out := cloneObject(base)
	for k, v := range more {
		out[k] = v
	}
	return out
}

func cloneObject(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// dig follows object keys through a decoded JSON document.
func dig(t *testing.T, v any, path ...string) map[string]any {
	t.Helper()
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("no %q in %v", p, path)
		}
		v = m[p]
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%v is not an object", path)
	}
	return m
}
