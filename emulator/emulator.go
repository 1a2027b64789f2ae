// Package emulator is a faithful in-memory server for the InitDBInstances
// action of TencentDB for PostgreSQL (API 3.0, version 2017-03-12) and the two
// helper actions of CONTRACT §8. It authenticates (TC3-HMAC-SHA256 and v1),
// validates, keeps instances per account and region, limits the request rate
// and answers every error in the documented envelope. Server-side error codes
// can be injected on demand.
//
// In a Go test it starts in one line, the way httptest.NewServer is used:
//
//	srv := emulator.Start()
//	defer srv.Close()
//	// point a client at srv.URL with emulator.DefaultSecretID / DefaultSecretKey
package emulator

import (
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/tencentdb-kit/initdb-conform/codes"
	"github.com/tencentdb-kit/initdb-conform/rules"
	"github.com/tencentdb-kit/initdb-conform/signer"
)

// The key pair of the API documents' examples: the account the emulator
// serves when it is given none.
const (
	DefaultSecretID  = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
	DefaultSecretKey = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
)

// Account is one tenant: its instances, its rate limit and its keys are its
// own. A credential with a Token is a temporary key, whose requests must carry
// that token (AUTH-6).
type Account struct {
	ID          string
	Credentials []signer.Credential
}

// Fault makes matching requests answer Code instead of being served, with no
// change to any instance. It matches after authentication and validation, so
// a faulty request is otherwise well formed.
type Fault struct {
	Code       string // a documented code (codes.Documented)
	Action     string // only this action; "" for any
	InstanceID string // only requests naming this instance; "" for any
	Count      int    // answer the next Count matching requests, then expire; 0 for ever
}

// FaultHeader is the request header that, when enabled with
// WithFaultHeader, makes one request answer the code it names.
const FaultHeader = "X-Emulator-Fault"

// Option configures an Emulator.
type Option func(*config) error

type config struct {
	accounts    []Account
	now         func() time.Time
	rateLimit   int
	faults      []Fault
	logger      *slog.Logger
	seed        uint64
	faultHeader bool
}

// WithAccount adds an account with its credentials. Without any WithAccount
// or WithCredential, the emulator serves one account with the documents'
// example key.
func WithAccount(a Account) Option {
	return func(c *config) error {
		if a.ID == "" || len(a.Credentials) == 0 {
			return fmt.Errorf("emulator: an account needs an id and a credential")
		}
		c.accounts = append(c.accounts, a)
		return nil
	}
}

// WithCredential adds an account of its own holding one permanent key.
func WithCredential(secretID, secretKey string) Option {
	return func(c *config) error {
		if secretID == "" || secretKey == "" {
			return fmt.Errorf("emulator: a credential needs a SecretId and a SecretKey")
		}
		c.accounts = append(c.accounts, Account{
			ID:          fmt.Sprintf("account-%d", len(c.accounts)+1),
			Credentials: []signer.Credential{{SecretID: secretID, SecretKey: secretKey}},
		})
		return nil
	}
}

// WithClock sets the clock used for the timestamp window, the rate limit and
// creation times. The default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(c *config) error { c.now = now; return nil }
}

// WithRateLimit sets how many InitDBInstances requests an account may make in
// any one-second window (RATE-1). The default is 20; 0 turns the limit off.
func WithRateLimit(n int) Option {
	return func(c *config) error {
		if n < 0 {
			return fmt.Errorf("emulator: rate limit %d is negative", n)
		}
		c.rateLimit = n
		return nil
	}
}

// WithFault adds a fault (see Fault). Its code must be a documented one.
func WithFault(f Fault) Option {
	return func(c *config) error {
		if err := checkFault(f); err != nil {
			return err
		}
		c.faults = append(c.faults, f)
		return nil
	}
}

// WithFaultHeader makes the emulator honour the X-Emulator-Fault request
// header, so that a client under test can ask for a server-side code on one
// request. Off by default: a faithful server ignores unknown headers.
func WithFaultHeader(on bool) Option {
	return func(c *config) error { c.faultHeader = on; return nil }
}

// WithLogger logs one line per request: action, code, latency (never a
// secret). The default is no logging.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error { c.logger = l; return nil }
}

// WithSeed seeds the generator of instance ids, for reproducible runs.
func WithSeed(seed uint64) Option {
	return func(c *config) error { c.seed = seed; return nil }
}

// Emulator is the server. It is an http.Handler, safe for concurrent use.
type Emulator struct {
	now         func() time.Time
	logger      *slog.Logger
	faultHeader bool

	keys    map[string]key // SecretId -> key
	store   *store
	limiter *limiter
	replays *replayCache

	faultMu sync.Mutex
	faults  []Fault
}

type key struct {
	account string
	cred    signer.Credential
}

// New returns an emulator configured by opts, or an error for a bad option.
func New(opts ...Option) (*Emulator, error) {
	c := config{now: time.Now, rateLimit: rules.DefaultRateLimit, seed: uint64(time.Now().UnixNano())}
	for _, o := range opts {
		if err := o(&c); err != nil {
			return nil, err
		}
	}
	if len(c.accounts) == 0 {
		c.accounts = []Account{{ID: "account-1", Credentials: []signer.Credential{{SecretID: DefaultSecretID, SecretKey: DefaultSecretKey}}}}
	}
	e := &Emulator{
		now:         c.now,
		logger:      c.logger,
		faultHeader: c.faultHeader,
		keys:        make(map[string]key),
		store:       newStore(rand.New(rand.NewPCG(c.seed, c.seed^0x9e3779b97f4a7c15))),
		limiter:     newLimiter(c.rateLimit),
		replays:     newReplayCache(),
		faults:      c.faults,
	}
	for _, a := range c.accounts {
		for _, cr := range a.Credentials {
			if _, dup := e.keys[cr.SecretID]; dup {
				return nil, fmt.Errorf("emulator: SecretId given twice")
			}
			e.keys[cr.SecretID] = key{account: a.ID, cred: cr}
		}
	}
	return e, nil
}

// InjectFault adds a fault while the emulator runs.
func (e *Emulator) InjectFault(f Fault) error {
	if err := checkFault(f); err != nil {
		return err
	}
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	e.faults = append(e.faults, f)
	return nil
}

// ClearFaults removes every fault.
func (e *Emulator) ClearFaults() {
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	e.faults = nil
}

func checkFault(f Fault) error {
	if !codes.Documented(f.Code) {
		return fmt.Errorf("emulator: fault code %q is not a documented code", f.Code)
	}
	if f.Count < 0 {
		return fmt.Errorf("emulator: fault count %d is negative", f.Count)
	}
	return nil
}

// fault returns the code of the first fault matching a request for action
// naming ids, consuming one use of a counted fault.
func (e *Emulator) fault(action string, ids []string) string {
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	for i, f := range e.faults {
		if f.Action != "" && f.Action != action {
			continue
		}
		if f.InstanceID != "" && !contains(ids, f.InstanceID) {
			continue
		}
		if f.Count > 0 {
			e.faults[i].Count--
			if e.faults[i].Count == 0 {
				e.faults = append(e.faults[:i:i], e.faults[i+1:]...)
			}
		}
		return f.Code
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ParseFault reads a fault from its command-line form:
// CODE, or CODE@postgres-xxxxxxxx, optionally followed by ":Action" and
// "*N" in that order, e.g. "InternalError.SystemError@postgres-abcd1234*2".
func ParseFault(s string) (Fault, error) {
	var f Fault
	rest := s
	if i := strings.LastIndexByte(rest, '*'); i >= 0 {
		var n int
		if _, err := fmt.Sscanf(rest[i+1:], "%d", &n); err != nil || n <= 0 || fmt.Sprint(n) != rest[i+1:] {
			return Fault{}, fmt.Errorf("fault %q: the count after * must be a positive integer", s)
		}
		f.Count = n
		rest = rest[:i]
	}
	if i := strings.IndexByte(rest, ':'); i >= 0 {
		f.Action = rest[i+1:]
		rest = rest[:i]
		if !contains(rules.Actions(), f.Action) {
			return Fault{}, fmt.Errorf("fault %q: unknown action %q", s, f.Action)
		}
	}
	if i := strings.IndexByte(rest, '@'); i >= 0 {
		f.InstanceID = rest[i+1:]
		rest = rest[:i]
		if !rules.InstanceIDWellFormed(f.InstanceID) {
			return Fault{}, fmt.Errorf("fault %q: %q is not an instance id", s, f.InstanceID)
		}
	}
	f.Code = rest
	if err := checkFault(f); err != nil {
		return Fault{}, fmt.Errorf("fault %q: %w", s, err)
	}
	return f, nil
}

// Server is an emulator listening on a loopback port, for tests.
type Server struct {
	*Emulator
	URL      string // "http://127.0.0.1:PORT"
	Endpoint string // "127.0.0.1:PORT", for an SDK's HttpProfile.Endpoint
	ts       *httptest.Server
}

// Start starts an emulator on 127.0.0.1 and returns it; Close stops it. It
// panics on a bad option, as httptest.NewServer panics when it cannot listen:
// both are programmer mistakes in a test.
func Start(opts ...Option) *Server {
	e, err := New(opts...)
	if err != nil {
		panic(err)
	}
	ts := httptest.NewServer(e)
	return &Server{Emulator: e, URL: ts.URL, Endpoint: strings.TrimPrefix(ts.URL, "http://"), ts: ts}
}

// Close shuts the server down, waiting for requests in flight.
func (s *Server) Close() { s.ts.Close() }

// Client returns an HTTP client for the server.
func (s *Server) Client() *http.Client { return s.ts.Client() }
