package web_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// fuzzPost feeds arbitrary bytes as the body of a POST through the real
// server over SQLite: it must never fail (a panic shows as 500), must
// answer 201, 400, 409 or 413 only, and must answer errors as JSON errors
// and successes as the stored record.
func fuzzPost(f *testing.F, collection string, seeds ...string) {
	a := newAPITest(f, "sqlite")
	a.world()
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest("POST", "/api/v1/"+collection, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+a.token)
		rec := httptest.NewRecorder()
		a.srv.ServeHTTP(rec, req)
		res := apiResponse{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
		switch res.Status {
		case http.StatusCreated:
			var got map[string]any
			if err := json.Unmarshal(res.Body, &got); err != nil {
				t.Fatalf("201 with a body that is not JSON: %v", err)
			}
			loc := res.Header.Get("Location")
			req := httptest.NewRequest("GET", loc, nil)
			req.Header.Set("Authorization", "Bearer "+a.token)
			rec := httptest.NewRecorder()
			a.srv.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s after create: %d %s", loc, rec.Code, rec.Body)
			}
			var stored map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &stored); err != nil || !jsonEqual(stored, got) {
				t.Fatalf("stored %s\ncreated %s", rec.Body, res.Body)
			}
		case http.StatusBadRequest, http.StatusConflict, http.StatusRequestEntityTooLarge:
			res.apiError(t)
		default:
			t.Fatalf("status %d for body %q: %s", res.Status, body, res.Body)
		}
	})
}

func jsonEqual(x, y any) bool {
	bx, _ := json.Marshal(x)
	by, _ := json.Marshal(y)
	return bytes.Equal(bx, by)
}

func FuzzDecodeProject(f *testing.F) {
	fuzzPost(f, "projects",
		`{"portfolio_id":1,"code":"5.1","name":"Uusi hanke"}`,
		`{"portfolio_id":1,"category_id":1,"code":"5.2","name":"Kaikki","description":"a\nb","owner_id":1,"manager_id":2,"service_owner_id":3,`+
			`"vendors":["DNA Oy"],"start":"2017-10","end":"04/2018","continuous":false,"mandatory":true,"tags":["H"],"status":"active"}`,
		`{"portfolio_id":1,"code":"5.3","name":"Jatkuva","start":"10.2017","continuous":true,"end":null}`,
		`{"id":7,"version":3,"created_at":"x","portfolio_name":5,"portfolio_id":1,"code":"5.4","name":"Read-only ignored"}`,
		`{"portfolio_id":1,"code":"2.1","name":"Duplicate code"}`,
		`{"portfolio_id":1,"code":"5.5","name":"x","start":"2017-13"}`,
		`{"portfolio_id":1,"code":"5.6","name":"x","start":"2018-05","end":"2018-04"}`,
		`{"portfolio_id":1,"code":"5.7","name":"x","category_id":99}`,
		`{"portfolio_id":1,"code":"5.8","name":"x","nmae":"y"}`,
		`{"portfolio_id":"1"}`,
		`{"portfolio_id":1e400}`,
		`{"name":"\u0000"}`,
		`{"portfolio_id":1,"code":"5.9","name":"x","description":"\u0000"}`,
		`{"portfolio_id":1,"code":"x","name":"y"} {}`,
		`{"portfolio_id":`,
		`[]`, `null`, `""`, `0`, ``, `{}`, "\xff\xfe", `{"start":{"a":1}}`, `{"vendors":[[]]}`,
	)
}

func FuzzDecodeWorkPackage(f *testing.F) {
	fuzzPost(f, "workpackages",
		`{"project_id":1,"name":"Osa-alue 2"}`,
		`{"project_id":1,"parent_id":1,"code":"TP1","name":"Työpaketti","description":"d","responsible_ids":[1,2,2,0,-1],"tags":["H"," H "],"position":2}`,
		`{"id":1,"version":9,"responsible_names":["x"],"project_id":1,"name":"Read-only ignored"}`,
		`{"project_id":1,"parent_id":99,"name":"x"}`,
		`{"project_id":1,"name":"x","responsible_ids":[99]}`,
		`{"project_id":1,"name":"x","position":-1}`,
		`{"project_id":1,"name":"x","responsible_ids":"1"}`,
		`{"project_id":1,"name":"x","x":1}`,
		`{"project_id":2,"name":"x"}`,
		`{"project_id`, `[1]`, `null`, ``, `{}`,
	)
}
