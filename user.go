package salkku

import (
	"context"
	"strings"
	"time"
)

// User is someone who can sign in: with a local password, with single
// sign-on, or both. What a user may do comes from Admin and their Grants.
type User struct {
	Meta
	Email    string `json:"email"`
	Name     string `json:"name"`
	Admin    bool   `json:"admin"`
	Disabled bool   `json:"disabled"`

	// Read-only.
	HasPassword bool       `json:"has_password"`
	SSO         bool       `json:"sso"`
	LastLoginAt *time.Time `json:"last_login_at"`
	// PersonID is the user's own record in the register, linked by
	// e-mail (see Person.UserID).
	PersonID *int64 `json:"person_id"`
	// Language is the interface language the user last chose, "" when
	// they never did: their e-mail reminders are written in it.
	Language string `json:"language"`
	// Access is what the user may do, read with them where a session or
	// token is checked, in the same transaction; nil where it was not.
	Access *Access `json:"-"`
}

// Validate checks the user's own fields and lower-cases the e-mail, which
// is the login name.
func (u *User) Validate() error {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	u.Name = strings.TrimSpace(u.Name)
	fe := FieldErrors{}
	checkText(fe, "email", u.Email, true, MaxNameLen)
	if u.Email != "" && !ValidEmail(u.Email) {
		fe.Add("email", "error.email")
	}
	checkText(fe, "name", u.Name, true, MaxNameLen)
	return fe.Err()
}

// MinPasswordLen is the shortest password accepted; length matters more
// than character classes (NIST SP 800-63B).
const MinPasswordLen = 12

// ValidatePassword checks a new password.
func ValidatePassword(pw string) error {
	fe := FieldErrors{}
	switch n := len([]rune(pw)); {
	case n < MinPasswordLen:
		fe.Add("password", "error.password_short")
	case len(pw) > 1024:
		fe.Add("password", "error.too_long")
	}
	return fe.Err()
}

// PasswordChange is users changing their own password: the current one
// (when they have one), and the new one twice.
type PasswordChange struct {
	Current, New, Repeat string
}

// Validate checks the new password and that it was typed the same twice;
// whether Current is right is for the store to check.
func (c PasswordChange) Validate() error {
	fe := FieldErrors{}
	if err := ValidatePassword(c.New); err != nil {
		fe.Add("new_password", err.(*Error).Fields["password"])
	}
	if c.New != c.Repeat {
		fe.Add("new_password2", "error.password_mismatch")
	}
	return fe.Err()
}

// Roles a user can be granted. All but RoleProjectManager are granted on a
// portfolio and apply to its sub-portfolios too; RoleProjectManager is
// granted on one project.
const (
	RolePortfolioOwner = "portfolio_owner"
	RoleProjectOffice  = "project_office"
	RoleProjectManager = "project_manager"
	RoleSteeringGroup  = "steering_group"
	RoleViewer         = "viewer"
)

// Roles lists the grantable roles, strongest first.
var Roles = []string{RolePortfolioOwner, RoleProjectOffice, RoleProjectManager, RoleSteeringGroup, RoleViewer}

// Grant gives a user a role on a portfolio or, for project managers, on a
// project.
type Grant struct {
	ID          int64     `json:"id"`
	UserID      int64     `json:"user_id"`
	Role        string    `json:"role"`
	PortfolioID *int64    `json:"portfolio_id"`
	ProjectID   *int64    `json:"project_id"`
	CreatedAt   time.Time `json:"created_at"`

	// Read-only, for display.
	UserName string `json:"user_name,omitempty"`
	// TargetName is the portfolio's name, or the project's code and name,
	// in the reader's language; Target and TargetCode are its parts, for
	// pages that mark a name shown in another language.
	TargetName string `json:"target_name,omitempty"`
	Target     Text   `json:"-"`
	TargetCode string `json:"-"`
	// FromManagerField marks a project-manager role that the user has
	// because their person is the project's manager (see
	// UserService.FindManagedProjects): it is not stored and cannot be
	// deleted, only the project's manager changed.
	FromManagerField bool `json:"from_manager_field,omitempty"`
}

// Validate checks that the role fits its target.
func (g *Grant) Validate() error {
	fe := FieldErrors{}
	if g.UserID <= 0 {
		fe.Add("user_id", "error.required")
	}
	switch g.Role {
	case RoleProjectManager:
		if g.ProjectID == nil {
			fe.Add("project_id", "error.required")
		}
		if g.PortfolioID != nil {
			fe.Add("portfolio_id", "error.grant_target")
		}
	case RolePortfolioOwner, RoleProjectOffice, RoleSteeringGroup, RoleViewer:
		if g.PortfolioID == nil {
			fe.Add("portfolio_id", "error.required")
		}
		if g.ProjectID != nil {
			fe.Add("project_id", "error.grant_target")
		}
	default:
		fe.Add("role", "error.role")
	}
	return fe.Err()
}

// APIToken is a personal token for the API. The secret is shown once, when
// the token is created, and stored only as a hash.
type APIToken struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"user_id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

// Validate checks the token's name.
func (t *APIToken) Validate() error {
	t.Name = strings.TrimSpace(t.Name)
	fe := FieldErrors{}
	checkText(fe, "name", t.Name, true, MaxNameLen)
	return fe.Err()
}

// Session is a signed-in browser. The cookie holds a random secret; the
// database keeps only its hash, so sessions work across instances.
type Session struct {
	UserID    int64
	CSRF      string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Session lifetimes: idle sessions end after SessionIdle, every session
// after SessionMax.
const (
	SessionIdle = 8 * time.Hour
	SessionMax  = 7 * 24 * time.Hour
)

// Login throttling: failed attempts counted over LoginWindow, per account
// and per client address.
const (
	LoginWindow         = 15 * time.Minute
	MaxFailuresPerEmail = 5
	MaxFailuresPerAddr  = 20
)

// Identity is what single sign-on says of a user.
type Identity struct {
	Issuer, Subject, Email, Name string
	EmailVerified                bool
}

// UserFilter selects users.
type UserFilter struct {
	Query string
	Page
}

// Validate refuses a search text that is too long or cannot be stored
// (see ValidText).
func (f *UserFilter) Validate() error {
	fe := FieldErrors{}
	checkFilterText(fe, "q", f.Query, MaxNameLen)
	return fe.Err()
}

// AuditEntry is one row of the audit log: who changed what, when, and the
// record before and after as JSON.
type AuditEntry struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	ActorID   *int64    `json:"actor_id"`
	ActorName string    `json:"actor_name"`
	Action    string    `json:"action"`
	Entity    string    `json:"entity"`
	EntityID  int64     `json:"entity_id"`
	ProjectID *int64    `json:"project_id"`
	Before    string    `json:"before"`
	After     string    `json:"after"`
}

// AuditFilter selects audit entries, newest first.
type AuditFilter struct {
	ProjectID *int64
	Entity    string
	EntityID  *int64
	ActorID   *int64
	Action    string
	From, To  time.Time
	// Before lists only entries older than the entry of that id, After
	// only newer ones (still newest first): the pages after and before a
	// page, found by the primary key whatever the log's size.
	Before, After int64
	// Count asks for the number of matching entries too; without it the
	// total is -1 and no COUNT runs.
	Count bool
	Page
}

// Validate refuses an entity or action that is too long or cannot be
// stored (see ValidText); each field is named after its query parameter.
func (f *AuditFilter) Validate() error {
	fe := FieldErrors{}
	checkFilterText(fe, "entity", f.Entity, MaxNameLen)
	checkFilterText(fe, "action", f.Action, MaxNameLen)
	return fe.Err()
}

// UserService manages users, their sign-in and their grants.
type UserService interface {
	FindUserByID(ctx context.Context, id int64) (*User, error)
	FindUserByEmail(ctx context.Context, email string) (*User, error)
	FindUsers(ctx context.Context, f UserFilter) ([]*User, int, error)
	// CreateUser stores a user; password may be "" for SSO-only users.
	// ECONFLICT when the e-mail is taken.
	CreateUser(ctx context.Context, u *User, password string) error
	UpdateUser(ctx context.Context, u *User) error
	// SetUserLanguage stores the interface language a user chose (fi, sv,
	// en); the user themselves or an admin.
	SetUserLanguage(ctx context.Context, userID int64, lang string) error
	// SetPassword sets anyone's password (admins and Salkku itself).
	SetPassword(ctx context.Context, userID int64, password string) error
	// ChangePassword changes the caller's own password, ending their
	// sessions; one who has a password must give it (EINVALID on
	// current_password otherwise, counted as a failed login from addr).
	ChangePassword(ctx context.Context, c PasswordChange, addr string) error
	DeleteUser(ctx context.Context, id int64) error

	// Authenticate checks an e-mail and password, with throttling by
	// account and by addr. EUNAUTHORIZED for any failure, the same for an
	// unknown e-mail as for a wrong password; ETOOMANY when throttled.
	Authenticate(ctx context.Context, email, password, addr string) (*User, error)
	// LoginSSO finds the user linked to the identity, links one by
	// verified e-mail, or creates one. EUNAUTHORIZED for an unverified
	// e-mail or a disabled user.
	LoginSSO(ctx context.Context, id Identity, addr string) (*User, error)

	CreateSession(ctx context.Context, userID int64) (secret string, s *Session, err error)
	// FindSession returns the live session of a cookie secret and extends
	// its idle time; EUNAUTHORIZED when unknown or expired.
	FindSession(ctx context.Context, secret string) (*Session, *User, error)
	DeleteSession(ctx context.Context, secret string) error

	CreateToken(ctx context.Context, t *APIToken) (secret string, err error)
	FindTokens(ctx context.Context, userID int64) ([]*APIToken, error)
	RevokeToken(ctx context.Context, userID, tokenID int64) error
	// AuthenticateToken returns the user of a live token; EUNAUTHORIZED
	// otherwise.
	AuthenticateToken(ctx context.Context, secret string) (*User, error)

	FindGrants(ctx context.Context, userID int64) ([]*Grant, error)
	CreateGrant(ctx context.Context, g *Grant) error
	DeleteGrant(ctx context.Context, id int64) error
	// FindManagedProjects lists the project-manager roles the user has as
	// the named manager of projects (FromManagerField set, ID 0).
	FindManagedProjects(ctx context.Context, userID int64) ([]*Grant, error)
	// FindAccess computes what the user may see and do: their grants, the
	// sub-portfolios below them, and the projects they manage by grant or
	// as the project's named manager.
	FindAccess(ctx context.Context, userID int64) (*Access, error)

	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
	// Settings reads several settings at once, "" for those unset; anyone
	// may read them. SetSettings stores several in one change (admins).
	Settings(ctx context.Context, keys ...string) (map[string]string, error)
	SetSettings(ctx context.Context, values map[string]string) error

	// FindAudit lists audit entries newest first; the total is -1 unless
	// f.Count.
	FindAudit(ctx context.Context, f AuditFilter) ([]*AuditEntry, int, error)
	// FindDeletedProject returns a deleted project as the audit log
	// recorded it at its deletion, for reading its history; ENOTFOUND
	// when no such project was deleted.
	FindDeletedProject(ctx context.Context, id int64) (*Project, error)
	// Audit records an event that is not a change of a record (a login).
	Audit(ctx context.Context, action, entity string, id int64, detail any) error
}

// SettingLocalLogin is "off" when an admin has turned local passwords off.
const SettingLocalLogin = "local_login"
