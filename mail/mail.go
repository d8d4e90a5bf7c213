// Package mail sends e-mail through an SMTP server with the standard
// library: plain, STARTTLS or implicit TLS, PLAIN authentication over TLS
// only, and messages in UTF-8 (quoted-printable text, encoded subject and
// names) that every mail client reads.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"strconv"
	"strings"
	"time"
)

// TLS modes of a connection to the SMTP server.
const (
	// TLSNone talks in plain text: for a relay on the same host or
	// network only.
	TLSNone = "none"
	// TLSStartTLS connects in plain text and upgrades with STARTTLS
	// before anything else is said (usually port 587); a server that does
	// not offer it is an error.
	TLSStartTLS = "starttls"
	// TLSImplicit speaks TLS from the first byte (usually port 465).
	TLSImplicit = "tls"
)

// Config says how to reach the SMTP server.
type Config struct {
	Host string
	// Port defaults to 25 (TLSNone), 587 (TLSStartTLS) or 465 (TLSImplicit).
	Port int
	// TLS is TLSNone, TLSStartTLS or TLSImplicit; "" is TLSStartTLS.
	TLS string
	// Username and Password, when Username is set, authenticate with
	// PLAIN, which is refused without TLS.
	Username string
	Password string
	// From is the sender, "Salkku <salkku@kaupunki.fi>" or a bare address.
	From string
	// Timeout bounds one message's whole conversation; 30 s when zero.
	Timeout time.Duration
	// TLSConfig is used for TLS when set (a test's own CA); by default
	// the system's roots verify the server's certificate for Host.
	TLSConfig *tls.Config
	// HelloName is the name given in EHLO; "localhost" when empty.
	HelloName string
}

// Errors of a configuration.
var (
	ErrNoHost       = errors.New("mail: no SMTP host given")
	ErrNoFrom       = errors.New("mail: no sender (From) given")
	ErrTLSMode      = errors.New(`mail: TLS mode must be "none", "starttls" or "tls"`)
	ErrAuthNeedsTLS = errors.New("mail: a username and password are sent only over TLS (starttls or tls)")
)

// Enabled reports whether a server is configured at all.
func (c Config) Enabled() bool { return c.Host != "" }

// Validate checks the configuration and fills its defaults.
func (c *Config) Validate() error {
	c.Host = strings.TrimSpace(c.Host)
	c.TLS = strings.ToLower(strings.TrimSpace(c.TLS))
	if c.Host == "" {
		return ErrNoHost
	}
	switch c.TLS {
	case "":
		c.TLS = TLSStartTLS
	case TLSNone, TLSStartTLS, TLSImplicit:
	default:
		return ErrTLSMode
	}
	if c.Port == 0 {
		c.Port = map[string]int{TLSNone: 25, TLSStartTLS: 587, TLSImplicit: 465}[c.TLS]
	}
	if c.Port < 0 || c.Port > 65535 {
		return fmt.Errorf("mail: port %d out of range", c.Port)
	}
	if c.Username != "" && c.TLS == TLSNone {
		return ErrAuthNeedsTLS
	}
	if strings.TrimSpace(c.From) == "" {
		return ErrNoFrom
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		return fmt.Errorf("mail: sender %q: %w", c.From, err)
	}
	if c.Timeout <= 0 {
		c.Timeout = 30 * time.Second
	}
	if c.HelloName == "" {
		c.HelloName = "localhost"
	}
	return nil
}

// Message is one e-mail of plain text.
type Message struct {
	// To is the recipient's address; ToName their name, or "".
	To     string
	ToName string
	// Subject and Body are UTF-8; lines of Body end with "\n".
	Subject string
	Body    string
}

// Client sends messages through one SMTP server, a connection per
// message: reminders are few, and a connection left open would only be
// closed by the server.
type Client struct {
	cfg  Config
	from *mail.Address
	// Now stamps Date; tests replace it.
	Now func() time.Time
}

// New checks the configuration and returns a client.
func New(cfg Config) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	from, _ := mail.ParseAddress(cfg.From)
	return &Client{cfg: cfg, from: from, Now: time.Now}, nil
}

// Addr is the server's host:port.
func (c *Client) Addr() string { return net.JoinHostPort(c.cfg.Host, strconv.Itoa(c.cfg.Port)) }

// Send delivers one message to the server; an error says which step of
// the conversation failed.
func (c *Client) Send(ctx context.Context, m Message) error {
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return fmt.Errorf("mail: recipient %q: %w", m.To, err)
	}
	to.Name = m.ToName
	msg, err := c.Format(m)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	conn, err := c.dial(ctx)
	if err != nil {
		return err
	}
	// The deadline covers the whole conversation, and a cancelled
	// context ends it at once.
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if err := c.converse(conn, to.Address, msg); err != nil {
		conn.Close()
		if ctx.Err() != nil {
			return fmt.Errorf("mail: send to %s via %s: %w", to.Address, c.Addr(), ctx.Err())
		}
		return fmt.Errorf("mail: send to %s via %s: %w", to.Address, c.Addr(), err)
	}
	return nil
}

func (c *Client) tlsConfig() *tls.Config {
	if c.cfg.TLSConfig != nil {
		t := c.cfg.TLSConfig.Clone()
		if t.ServerName == "" {
			t.ServerName = c.cfg.Host
		}
		return t
	}
	return &tls.Config{ServerName: c.cfg.Host, MinVersion: tls.VersionTLS12}
}

func (c *Client) dial(ctx context.Context) (net.Conn, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", c.Addr())
	if err != nil {
		return nil, fmt.Errorf("mail: connect to %s: %w", c.Addr(), err)
	}
	if c.cfg.TLS == TLSImplicit {
		tc := tls.Client(conn, c.tlsConfig())
		if err := tc.HandshakeContext(ctx); err != nil {
			conn.Close()
			return nil, fmt.Errorf("mail: TLS with %s: %w", c.Addr(), err)
		}
		return tc, nil
	}
	return conn, nil
}

// converse runs one SMTP conversation: EHLO, STARTTLS, AUTH, MAIL, RCPT,
// DATA, QUIT.
func (c *Client) converse(conn net.Conn, to string, msg []byte) error {
	sc, err := smtp.NewClient(conn, c.cfg.Host)
	if err != nil {
		return fmt.Errorf("greeting: %w", err)
	}
	defer sc.Close()
	if err := sc.Hello(c.cfg.HelloName); err != nil {
		return fmt.Errorf("EHLO: %w", err)
	}
	if c.cfg.TLS == TLSStartTLS {
		if ok, _ := sc.Extension("STARTTLS"); !ok {
			return errors.New("the server does not offer STARTTLS")
		}
		if err := sc.StartTLS(c.tlsConfig()); err != nil {
			return fmt.Errorf("STARTTLS: %w", err)
		}
	}
	if c.cfg.Username != "" {
		// smtp.PlainAuth itself refuses a connection without TLS, but
		// for localhost; Validate refused TLSNone already.
		if err := sc.Auth(smtp.PlainAuth("", c.cfg.Username, c.cfg.Password, c.cfg.Host)); err != nil {
			return fmt.Errorf("AUTH: %w", err)
		}
	}
	if err := sc.Mail(c.from.Address); err != nil {
		return fmt.Errorf("MAIL FROM: %w", err)
	}
	if err := sc.Rcpt(to); err != nil {
		return fmt.Errorf("RCPT TO: %w", err)
	}
	w, err := sc.Data()
	if err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if err := sc.Quit(); err != nil {
		return fmt.Errorf("QUIT: %w", err)
	}
	return nil
}

// Format writes the message as it goes over the wire (RFC 5322 with
// MIME): From, To, Subject encoded as RFC 2047 words where it is not
// ASCII, Date, a fresh Message-ID, and the body as quoted-printable
// UTF-8 text, every line ending in CRLF.
func (c *Client) Format(m Message) ([]byte, error) {
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return nil, fmt.Errorf("mail: recipient %q: %w", m.To, err)
	}
	to.Name = m.ToName
	id, err := c.messageID()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("From", c.from.String())
	header("To", to.String())
	// Q-encoding also encodes CR and LF, so a subject cannot add headers.
	header("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	header("Date", c.Now().Format(time.RFC1123Z))
	header("Message-ID", id)
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	body := strings.ReplaceAll(m.Body, "\r\n", "\n")
	if !strings.HasSuffix(body, "\n") {
		body += "\n"
	}
	if _, err := qp.Write([]byte(body)); err != nil {
		return nil, fmt.Errorf("mail: encode body: %w", err)
	}
	if err := qp.Close(); err != nil {
		return nil, fmt.Errorf("mail: encode body: %w", err)
	}
	return b.Bytes(), nil
}

// messageID is <random@domain of the sender>.
func (c *Client) messageID() (string, error) {
	r := make([]byte, 12)
	if _, err := rand.Read(r); err != nil {
		return "", fmt.Errorf("mail: message id: %w", err)
	}
	domain := "localhost"
	if _, d, ok := strings.Cut(c.from.Address, "@"); ok && d != "" {
		domain = d
	}
	return "<" + strconv.FormatInt(c.Now().Unix(), 36) + "." + hex.EncodeToString(r) + "@" + domain + ">", nil
}
