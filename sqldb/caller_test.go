package sqldb_test

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/salkku/salkku"
)

// signInMethods find out who the caller is, so they run without one.
var signInMethods = []string{"Authenticate", "AuthenticateToken", "ChangePassword", "Close", "CreateSession", "DeleteSession",
	"CreateFeedback", "Dialect", "FindAccess", "FindSession", "InstanceKey", "LoginSSO", "Migrate", "Ping", "Setting", "Settings"}

// TestStoreRefusesNoCaller calls every exported method of the store with a
// context that carries no caller: each must refuse, so that a way in that
// forgets to say who calls (a job, an export, a new channel) gets nothing.
// A method added without the check fails here.
func TestStoreRefusesNoCaller(t *testing.T) {
	db := mustWorld(t, "sqlite").db
	typ := reflect.TypeOf(db)
	ctxType := reflect.TypeOf((*context.Context)(nil)).Elem()
	errType := reflect.TypeOf((*error)(nil)).Elem()
	n := 0
	for i := range typ.NumMethod() {
		m := typ.Method(i)
		if slices.Contains(signInMethods, m.Name) {
			continue
		}
		ft := m.Type
		if ft.NumIn() < 2 || ft.In(1) != ctxType || ft.NumOut() == 0 || ft.Out(ft.NumOut()-1) != errType {
			t.Errorf("%s: an exported store method without a context and an error; list it in signInMethods if it needs no caller", m.Name)
			continue
		}
		t.Run(m.Name, func(t *testing.T) {
			args := []reflect.Value{reflect.ValueOf(db), reflect.ValueOf(context.Background())}
			for j := 2; j < ft.NumIn(); j++ {
				in := ft.In(j)
				switch {
				case in.Kind() == reflect.Pointer:
					args = append(args, reflect.New(in.Elem())) // a zero record
				case in.Kind() == reflect.Int64:
					args = append(args, reflect.ValueOf(int64(1))) // an id that exists
				default:
					args = append(args, reflect.Zero(in))
				}
			}
			out := m.Func.Call(args)
			err, _ := out[len(out)-1].Interface().(error)
			// A zero record may fail its own validation before the
			// transaction starts; nothing is read or written either way.
			if code := salkku.ErrorCode(err); code != salkku.EFORBIDDEN && code != salkku.EINVALID {
				t.Errorf("%s without a caller: %v, want forbidden", m.Name, err)
			}
		})
		n++
	}
	if n < 30 {
		t.Fatalf("only %d methods checked", n)
	}
}
