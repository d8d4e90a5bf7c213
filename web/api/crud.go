package api

import (
	"context"
	"net/http"

	"github.com/salkku/salkku/web"

	"github.com/salkku/salkku"
)

// The API's records are all read, created, replaced and deleted the same
// way; the store checks the caller's access inside each call, so these
// handlers only decode, call and encode.

// record is a stored record: its Meta has the id and version.
type record interface {
	Record() *salkku.Meta
}

// getHandler answers GET /collection/{id}.
func getHandler[T record](s *Server, find func(context.Context, int64) (T, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := web.PathID(r, "id")
		var v T
		if err == nil {
			v, err = find(r.Context(), id)
		}
		if err != nil {
			s.Error(w, r, err)
			return
		}
		writeRecord(w, http.StatusOK, v.Record().Version, v)
	}
}

// createHandler answers POST /collection: body B holds the record, which
// rec returns; the server sets its Meta.
func createHandler[B any, T record](s *Server, collection string, rec func(*B) T, create func(context.Context, T) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var in B
		if err := decodeBody(r, &in); err != nil {
			s.Error(w, r, err)
			return
		}
		v := rec(&in)
		*v.Record() = salkku.Meta{}
		if err := create(r.Context(), v); err != nil {
			s.Error(w, r, err)
			return
		}
		writeCreated(w, collection, v.Record().ID, v.Record().Version, v)
	}
}

// updateHandler answers PUT /collection/{id} with the whole record and the
// version it replaces (body or If-Match).
func updateHandler[B any, T record](s *Server, rec func(*B) T, update func(context.Context, T) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var in B
		id, err := web.PathID(r, "id")
		if err == nil {
			err = decodeBody(r, &in)
		}
		v := rec(&in)
		if err == nil {
			*v.Record(), err = editMeta(r, id, v.Record().Version)
		}
		if err == nil {
			err = update(r.Context(), v)
		}
		if err != nil {
			s.Error(w, r, err)
			return
		}
		writeRecord(w, http.StatusOK, v.Record().Version, v)
	}
}

// deleteHandler answers DELETE /collection/{id} with 204.
func deleteHandler(s *Server, del func(context.Context, int64) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := web.PathID(r, "id")
		if err == nil {
			err = del(r.Context(), id)
		}
		if err != nil {
			s.Error(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}
}
