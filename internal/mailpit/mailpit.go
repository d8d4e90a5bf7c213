// Package mailpit starts a real SMTP server for tests, mailpit
// (github.com/axllent/mailpit), and reads what arrived through its HTTP
// API. Where mailpit is missing the test is skipped with a message, or
// fails under SALKKU_TEST_ALL=1 (see internal/testenv).
package mailpit

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/salkku/salkku/internal/testenv"
)

// Install is how to get mailpit, for the skip message.
const Install = "go install github.com/axllent/mailpit@v1.27.11"

// Binary finds mailpit: SALKKU_MAILPIT, then PATH, then GOPATH/bin and
// ~/go/bin. It returns "" when there is none.
func Binary() string {
	if p := os.Getenv("SALKKU_MAILPIT"); p != "" {
		return p
	}
	if p, err := exec.LookPath("mailpit"); err == nil {
		return p
	}
	var dirs []string
	if gp := os.Getenv("GOPATH"); gp != "" {
		dirs = append(dirs, filepath.SplitList(gp)...)
	}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, "go"))
	}
	for _, d := range dirs {
		p := filepath.Join(d, "bin", "mailpit")
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	return ""
}

// Options choose how the server talks.
type Options struct {
	// TLS gives the server a certificate for 127.0.0.1 (see
	// Server.RootCAs): STARTTLS is offered, or, with Implicit, the SMTP
	// port speaks TLS from the first byte.
	TLS      bool
	Implicit bool
	// Auth makes the server accept any username and password (over TLS).
	Auth bool
}

// Server is a running mailpit.
type Server struct {
	// Host and Port are the SMTP server's address.
	Host string
	Port int
	// API is the HTTP API's base URL, http://127.0.0.1:Q.
	API string
	// RootCAs trusts the server's certificate when Options.TLS was set.
	RootCAs *x509.CertPool
}

// Start runs mailpit on free loopback ports with a database in the test's
// temporary folder, waits until it answers, and stops it when the test
// ends.
func Start(tb testing.TB, opt Options) *Server {
	tb.Helper()
	bin := Binary()
	if bin == "" {
		testenv.SkipOrFail(tb, "mailpit is not installed (PATH, ~/go/bin or SALKKU_MAILPIT); install it with: "+Install)
	}
	dir := tb.TempDir()
	var lastErr error
	for range 3 { // a free port may be taken before mailpit binds it
		s, err := start(tb, bin, dir, opt)
		if err == nil {
			return s
		}
		lastErr = err
	}
	tb.Fatalf("mailpit: %v", lastErr)
	return nil
}

func start(tb testing.TB, bin, dir string, opt Options) (*Server, error) {
	smtpPort, err := freePort()
	if err != nil {
		return nil, err
	}
	httpPort, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &Server{Host: "127.0.0.1", Port: smtpPort, API: "http://127.0.0.1:" + strconv.Itoa(httpPort)}
	args := []string{
		"--smtp", "127.0.0.1:" + strconv.Itoa(smtpPort),
		"--listen", "127.0.0.1:" + strconv.Itoa(httpPort),
		"--database", filepath.Join(dir, fmt.Sprintf("mailpit-%d.db", smtpPort)),
		"--smtp-disable-rdns", "--disable-version-check", "--quiet",
	}
	if opt.TLS {
		cert, key, pool, err := selfSigned(dir)
		if err != nil {
			return nil, err
		}
		s.RootCAs = pool
		args = append(args, "--smtp-tls-cert", cert, "--smtp-tls-key", key)
		if opt.Implicit {
			args = append(args, "--smtp-require-tls")
		}
	}
	if opt.Auth {
		args = append(args, "--smtp-auth-accept-any")
	}
	var out bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	stop := func() {
		cmd.Process.Kill()
		<-exited
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		select {
		case <-exited:
			return nil, fmt.Errorf("mailpit exited at start: %s", out.String())
		default:
		}
		if s.ready() {
			tb.Cleanup(stop)
			return s, nil
		}
		if time.Now().After(deadline) {
			stop()
			return nil, fmt.Errorf("mailpit did not answer within 15 s: %s", out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *Server) ready() bool {
	c, err := net.DialTimeout("tcp", net.JoinHostPort(s.Host, strconv.Itoa(s.Port)), time.Second)
	if err != nil {
		return false
	}
	c.Close()
	resp, err := http.Get(s.API + "/api/v1/messages")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// selfSigned writes a certificate and key for 127.0.0.1 and localhost.
func selfSigned(dir string) (certFile, keyFile string, pool *x509.CertPool, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return "", "", nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "mailpit test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:         true, BasicConstraintsValid: true,
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:    []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return "", "", nil, err
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return "", "", nil, err
	}
	certFile, keyFile = filepath.Join(dir, "smtp-cert.pem"), filepath.Join(dir, "smtp-key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		return "", "", nil, err
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		return "", "", nil, err
	}
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool, nil
}

// Address is a name and address as the API gives them.
type Address struct {
	Name    string
	Address string
}

// Summary is a message in the list of /api/v1/messages.
type Summary struct {
	ID        string
	MessageID string
	From      Address
	To        []Address
	Subject   string
	Created   time.Time
}

// Message is one message as /api/v1/message/{ID} gives it.
type Message struct {
	ID        string
	MessageID string
	From      Address
	To        []Address
	Subject   string
	Date      time.Time
	Text      string
}

// Messages lists what arrived, newest first.
func (s *Server) Messages(tb testing.TB) []Summary {
	tb.Helper()
	var out struct {
		Messages []Summary `json:"messages"`
	}
	s.get(tb, "/api/v1/messages?limit=1000", &out)
	return out.Messages
}

// Message reads one message.
func (s *Server) Message(tb testing.TB, id string) *Message {
	tb.Helper()
	var m Message
	s.get(tb, "/api/v1/message/"+id, &m)
	return &m
}

// Headers reads one message's headers as they arrived.
func (s *Server) Headers(tb testing.TB, id string) map[string][]string {
	tb.Helper()
	h := map[string][]string{}
	s.get(tb, "/api/v1/message/"+id+"/headers", &h)
	return h
}

// Wait waits until at least n messages have arrived (mailpit stores a
// message just after the SMTP conversation ends) and returns them.
func (s *Server) Wait(tb testing.TB, n int) []Summary {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ms := s.Messages(tb)
		if len(ms) >= n || time.Now().After(deadline) {
			return ms
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *Server) get(tb testing.TB, path string, v any) {
	tb.Helper()
	resp, err := http.Get(s.API + path)
	if err != nil {
		tb.Fatalf("mailpit API: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("mailpit API %s: %s: %s", path, resp.Status, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		tb.Fatalf("mailpit API %s: %v", path, err)
	}
}
