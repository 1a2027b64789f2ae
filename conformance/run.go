package conformance

import (
	"bytes"
	"context"
	cryptorand "crypto/rand"
	"errors"
	"fmt"
	"io"
	"math/big"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tencentdb-kit/initdb-conform/client"
	"github.com/tencentdb-kit/initdb-conform/signer"
)

// Success is the "code" of an answer without an error, in expectations
// and reports.
const Success = "Success"

// need is what a case requires of the run.
type need uint8

const (
	needInstances need = 1 << iota // fresh instances in status init: ModeEmulator (or ModeMutating where noted)
	needSecond                     // a second account
	needRateCheck                  // CheckRateLimit
	needUnpaced                    // bursts above the pace: only ModeEmulator
)

// tcase is one case of the suite.
type tcase struct {
	id    string
	title string
	area  string
	rules []string
	level Level
	needs need
	run   func(x *exec)
}

// observed is one request and its answer, kept for the checks that look
// across the whole run (RESP-*, coverage).
type observed struct {
	caseID      string
	action      string
	clientFault bool // the request was wrong on purpose
	resp        *client.Response
}

// runner holds a run's state.
type runner struct {
	o      Options
	c1, c2 *client.Client
	pace   *pacer
	rnd    *rand.Rand
	seed   uint64
	nonce  uint64 // makes absent ids unique within the run

	mu       sync.Mutex
	seen     []observed
	requests int
	pool     []string // ModeEmulator: instances in init, ready for cases
	noCreate string   // why instances cannot be created, once known
	given    []string // ModeMutating: ids not used yet
	secrets  []string
	password string // the password of valid requests (random in ModeMutating)
}

// Run runs the suite against opts.Target and returns the report. An error
// means the run could not start (bad options) or was interrupted; everything
// the target did wrong is in the report.
func Run(ctx context.Context, opts Options) (*Report, error) {
	r, rep, err := begin(opts)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	for _, c := range r.selected(allCases(max(0, r.o.Generated))) {
		if ctx.Err() != nil {
			break
		}
		res := r.runCase(ctx, c)
		rep.Results = append(rep.Results, res)
		r.progressf("%-5s %s %s", res.Verdict, res.ID, res.Reason)
	}
	return r.end(ctx, rep, start)
}

// begin checks the options and prepares a run: clients, secrets, the
// report's header, and the SAFE-3 notice.
func begin(opts Options) (*runner, *Report, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return nil, nil, err
	}
	seed := o.Seed
	if seed == 0 {
		seed = uint64(o.Now().UnixNano())
	}
	r := &runner{
		o:     o,
		pace:  newPacer(o.Rate),
		rnd:   rand.New(rand.NewPCG(seed, 0x5eed)),
		seed:  seed,
		given: slices.Clone(o.Instances),
	}
	r.c1 = r.newClient(o.Credential)
	r.password = ValidPassword
	if o.Mode == ModeMutating {
		// Real instances are initialised: never with a published password.
		r.password = randomPassword()
	}
	r.secrets = append(r.secrets, o.Credential.SecretKey, o.Credential.Token, ValidPassword, r.password)
	if o.Second != nil {
		r.c2 = r.newClient(*o.Second)
		r.secrets = append(r.secrets, o.Second.SecretKey, o.Second.Token)
	}
	rep := &Report{
		Tool: "conform", Version: o.Version, Target: o.Target, Mode: string(o.Mode),
		Region: o.Region, Seed: seed, Strict: o.Strict, Rate: o.Rate, Started: o.Now().UTC(),
	}
	r.progressf("conform %s: target %s, mode %s, region %s, seed %d", o.Version, o.Target, o.Mode, o.Region, seed)
	if !client.IsLoopback(o.Target) {
		// SAFE-3: say so before the first request, with the pace.
		pace := "unpaced"
		if o.Rate > 0 {
			pace = fmt.Sprintf("at most %.4g requests a second", o.Rate)
		}
		r.progressf("conform: %s is not a loopback address: running in %s mode, %s", o.Target, o.Mode, pace)
	}
	return r, rep, nil
}

// end adds the checks across the whole run and the totals.
func (r *runner) end(ctx context.Context, rep *Report, start time.Time) (*Report, error) {
	rep.Results = append(rep.Results, r.responseChecks()...)
	rep.Coverage = r.coverage()
	rep.Requests = r.requests
	rep.Duration = time.Since(start)
	rep.Secrets = r.nonEmptySecrets()
	rep.Counts = map[Verdict]int{}
	rep.Verdict = Pass
	for _, res := range rep.Results {
		rep.Counts[res.Verdict]++
		v := res.Verdict
		if v == Warn && r.o.Strict {
			v = Fail
		}
		if v != Skip {
			rep.Verdict = Worse(rep.Verdict, v)
		}
	}
	if ctx.Err() != nil {
		return rep, fmt.Errorf("conformance: run interrupted: %w", ctx.Err())
	}
	return rep, nil
}

func (r *runner) newClient(cred signer.Credential) *client.Client {
	return &client.Client{BaseURL: r.o.Target, Credential: cred, Region: r.o.Region, HTTP: r.o.HTTPClient, Now: r.o.Now}
}

func (r *runner) nonEmptySecrets() []string {
	var out []string
	for _, s := range r.secrets {
		out = append(out, secretForms(s)...)
	}
	return out
}

func (r *runner) progressf(format string, args ...any) {
	if r.o.Progress != nil {
		fmt.Fprintf(r.o.Progress, format+"\n", args...)
	}
}

// selected applies --only and --skip: a selector matches a case when it is
// one of its rule ids or a prefix of its id.
func (r *runner) selected(all []tcase) []tcase {
	match := func(c tcase, sels []string) bool {
		for _, s := range sels {
			if slices.Contains(c.rules, s) || strings.HasPrefix(c.id, s) {
				return true
			}
		}
		return false
	}
	var out []tcase
	for _, c := range all {
		if len(r.o.Only) > 0 && !match(c, r.o.Only) {
			continue
		}
		if match(c, r.o.Skip) {
			continue
		}
		out = append(out, c)
	}
	return out
}

// runCase runs one case, turning a panic in the harness into an error
// verdict rather than a crash.
func (r *runner) runCase(ctx context.Context, c tcase) (res Result) {
	res = Result{ID: c.id, Title: c.title, Area: c.area, Rules: c.rules, Level: c.level, Verdict: Pass}
	if why := r.unmet(c.needs); why != "" {
		res.Verdict, res.Reason = Skip, why
		return res
	}
	start := time.Now()
	x := &exec{ctx: ctx, r: r, c: c, res: &res}
	defer func() {
		if p := recover(); p != nil {
			res.Verdict, res.Reason = Error, fmt.Sprintf("harness error: %v", p)
		}
		res.Duration = time.Since(start)
	}()
	c.run(x)
	return res
}

func (r *runner) unmet(n need) string {
	switch {
	case n&needSecond != 0 && r.c2 == nil:
		return "needs a second account (--secret-id-2/--secret-key-2)"
	case n&needRateCheck != 0 && !r.o.CheckRateLimit:
		return "the rate-limit check runs only when asked for (--check-rate-limit)"
	case n&needUnpaced != 0 && r.o.Mode != ModeEmulator:
		return "sends bursts above the pace: only against an emulator"
	case n&needInstances != 0 && r.o.Mode == ModeSafe:
		return "changes instances: not in safe mode (SAFE-1)"
	}
	return ""
}

// send paces, sends and records one request. It returns nil after a
// transport error, having marked the case as a harness error.
func (x *exec) send(c *client.Client, req client.Request, clientFault bool) *client.Response {
	return x.prepare(c, req)(clientFault)
}

// prepare builds and signs req once and returns a function that sends
// those very bytes, each call one request (a replay sends it twice).
func (x *exec) prepare(c *client.Client, req client.Request) func(clientFault bool) *client.Response {
	r := x.r
	hr, err := c.Build(x.ctx, req)
	if err != nil {
		x.errorf("building the request: %v", err)
		return func(bool) *client.Response { return nil }
	}
	action := req.Action
	if v, ok := req.Common["Action"]; ok {
		action = v
	}
	if r.password != ValidPassword && req.Params["AdminPassword"] == ValidPassword {
		req.Params = with(req.Params, "AdminPassword", r.password)
		if hr, err = c.Build(x.ctx, req); err != nil {
			x.errorf("building the request: %v", err)
			return func(bool) *client.Response { return nil }
		}
	}
	var body []byte
	if hr.Body != nil {
		body, _ = io.ReadAll(hr.Body)
	}
	return func(clientFault bool) *client.Response {
		// The reproducer is the case's own request, not the set-up
		// (CreateDBInstances) it needed; a wrong request wins over a
		// right one.
		x.mu.Lock()
		if action != "CreateDBInstances" && (x.res.Reproducer == "" || clientFault) {
			x.res.Reproducer = r.reproducer(x.c.id, hr, body)
		}
		x.mu.Unlock()
		for attempt := 0; ; attempt++ {
			if x.unpaced {
				r.pace.record()
			} else if err := r.pace.wait(x.ctx); err != nil {
				x.errorf("interrupted: %v", err)
				return nil
			}
			send := hr.Clone(x.ctx)
			send.Body = io.NopCloser(bytes.NewReader(body))
			send.ContentLength = int64(len(body))
			if len(body) == 0 && hr.Method == http.MethodGet {
				send.Body = http.NoBody
			}
			resp, err := r.o.HTTPClient.Do(send)
			r.mu.Lock()
			r.requests++
			r.mu.Unlock()
			if err != nil {
				x.errorf("transport error: %v", redactURLError(err))
				return nil
			}
			data, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
			resp.Body.Close()
			if err != nil {
				x.errorf("reading the answer: %v", err)
				return nil
			}
			out := client.Parse(resp.StatusCode, resp.Header, data)
			// A RequestLimitExceeded outside the rate-limit case means the
			// target's limit is below our pace: wait and retry, as the SDK
			// does, rather than judge the target on it.
			if out.Code == "RequestLimitExceeded" && x.c.needs&needRateCheck == 0 && attempt < 3 {
				r.progressf("      %s: RequestLimitExceeded, retrying in 1s (lower --rate?)", x.c.id)
				select {
				case <-time.After(time.Second):
				case <-x.ctx.Done():
					x.errorf("interrupted")
					return nil
				}
				continue
			}
			r.mu.Lock()
			r.seen = append(r.seen, observed{caseID: x.c.id, action: action, clientFault: clientFault, resp: out})
			r.mu.Unlock()
			x.mu.Lock()
			x.res.HTTPStatus, x.res.RequestID = out.Status, out.RequestID
			x.mu.Unlock()
			return out
		}
	}
}

func redactURLError(err error) string {
	// A url.Error quotes the whole URL, whose query holds a v1 SecretId and
	// signature: keep only the scheme, host and path.
	var ue *url.Error
	if errors.As(err, &ue) {
		where := "the target"
		if u, perr := url.Parse(ue.URL); perr == nil {
			where = u.Scheme + "://" + u.Host + u.Path
		}
		return ue.Op + " " + where + ": " + ue.Err.Error()
	}
	return err.Error()
}

// randomPassword is a valid password (PARAM-PWD-1..3) of 20 characters from
// crypto/rand: one of each class, then letters and digits.
func randomPassword() string {
	const classes = "abcdefghijklmnopqrstuvwxyz" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + "0123456789"
	b := []byte("aA0!")
	for len(b) < 20 {
		b = append(b, classes[cryptoInt(len(classes))])
	}
	b[0], b[1], b[2] = "abcdefghijklmnopqrstuvwxyz"[cryptoInt(26)], "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[cryptoInt(26)], "0123456789"[cryptoInt(10)]
	return string(b)
}

func cryptoInt(n int) int {
	v, err := cryptorand.Int(cryptorand.Reader, big.NewInt(int64(n)))
	if err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return int(v.Int64())
}

// pacer keeps the requests of a run below a rate (RATE-2): a request is sent
// when fewer than the allowed number were sent in the second before it. The
// allowance is 90% of the rate, so a target limiting at that rate, which
// measures arrivals rather than departures, stays out of reach.
type pacer struct {
	per  int
	mu   sync.Mutex
	sent []time.Time
}

func newPacer(rate float64) *pacer {
	if rate <= 0 {
		return &pacer{}
	}
	return &pacer{per: max(1, int(rate*0.9))}
}

// record counts a request sent without waiting (a burst), so that the
// requests after it keep the pace.
func (p *pacer) record() {
	if p.per == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sent = append(p.sent, time.Now())
}

func (p *pacer) wait(ctx context.Context) error {
	if p.per == 0 {
		return ctx.Err()
	}
	for {
		p.mu.Lock()
		now := time.Now()
		for len(p.sent) > 0 && now.Sub(p.sent[0]) >= time.Second {
			p.sent = p.sent[1:]
		}
		if len(p.sent) < p.per {
			p.sent = append(p.sent, now)
			p.mu.Unlock()
			return nil
		}
		delay := time.Second - now.Sub(p.sent[0])
		p.mu.Unlock()
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// reproducer is the command that reruns the case, then the request as curl
// with the signature, SecretId and token masked (SAFE-2).
func (r *runner) reproducer(caseID string, hr *http.Request, body []byte) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# rerun: conform --target %s --only %s --seed %d\n", r.o.Target, caseID, r.seed)
	fmt.Fprintf(&b, "# the request (signature masked; re-sign it to send it):\n")
	fmt.Fprintf(&b, "curl -sS -X %s '%s'", hr.Method, shellQuote(maskQuery(hr.URL.String())))
	names := make([]string, 0, len(hr.Header))
	for k := range hr.Header {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		for _, v := range hr.Header[k] {
			fmt.Fprintf(&b, " \\\n  -H '%s: %s'", k, shellQuote(maskHeader(k, v)))
		}
	}
	if hr.Host != "" && hr.Host != hr.URL.Host {
		fmt.Fprintf(&b, " \\\n  -H 'Host: %s'", shellQuote(hr.Host))
	}
	if len(body) > 0 {
		shown := maskQuery(string(body))
		if len(shown) > 2048 {
			shown = fmt.Sprintf("%s… (%d bytes in all)", shown[:2048], len(body))
		}
		fmt.Fprintf(&b, " \\\n  --data-binary '%s'", shellQuote(escapeControl(shown)))
	}
	// Passwords of valid requests and keys, in each encoding (SAFE-2):
	// the report writers scrub them too, but a Go caller reads this field.
	out := b.String()
	for _, s := range r.nonEmptySecrets() {
		out = strings.ReplaceAll(out, s, "***")
	}
	return out
}

func shellQuote(s string) string { return strings.ReplaceAll(s, "'", `'\''`) }

// escapeControl writes control bytes and invalid UTF-8 as \xNN, so that a
// fuzzed body stays readable and valid in every report format.
func escapeControl(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
			fmt.Fprintf(&b, `\x%02x`, c)
			i++
			continue
		}
		rn, size := decodeRune(s[i:])
		if rn == 0xFFFD && size <= 1 {
			fmt.Fprintf(&b, `\x%02x`, c)
			i++
			continue
		}
		b.WriteString(s[i : i+size])
		i += size
	}
	return b.String()
}

func maskHeader(name, value string) string {
	switch strings.ToLower(name) {
	case "authorization":
		return maskAuthorization(value)
	case "x-tc-token":
		return "***"
	}
	return value
}

// maskAuthorization keeps the shape of a TC3 Authorization (algorithm,
// scope, signed headers) and masks the SecretId and the signature.
func maskAuthorization(v string) string {
	out := v
	if i := strings.Index(out, "Credential="); i >= 0 {
		rest := out[i+len("Credential="):]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			out = out[:i] + "Credential=" + maskID(rest[:j]) + rest[j:]
		}
	}
	if i := strings.Index(out, "Signature="); i >= 0 {
		out = out[:i] + "Signature=***"
	}
	return out
}

func maskID(id string) string {
	if len(id) <= 4 {
		return "***"
	}
	return id[:4] + "***"
}

// maskQuery masks SecretId, Signature and Token in a query or form.
func maskQuery(s string) string {
	parts := strings.Split(s, "&")
	for i, p := range parts {
		for _, name := range []string{"Signature", "SecretId", "Token"} {
			prefix := name + "="
			j := strings.Index(p, prefix)
			if j < 0 || (j > 0 && p[j-1] != '?') {
				continue
			}
			val := p[j+len(prefix):]
			if name == "SecretId" {
				parts[i] = p[:j] + prefix + maskID(val)
			} else {
				parts[i] = p[:j] + prefix + "***"
			}
		}
	}
	return strings.Join(parts, "&")
}
