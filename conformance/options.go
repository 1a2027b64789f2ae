package conformance

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/tencentdb-kit/initdb-conform/signer"
)

// Mode says what the suite may do to the target's instances (CONTRACT §10).
type Mode string

// The modes.
const (
	// ModeEmulator: the target is an emulator (a loopback address); the
	// suite creates its own instances with CreateDBInstances (§8).
	ModeEmulator Mode = "emulator"
	// ModeSafe: nothing that can change an instance is sent; negative cases
	// use well-formed ids that do not exist (SAFE-1).
	ModeSafe Mode = "safe"
	// ModeMutating: the suite may initialise the instances it was given,
	// and only those.
	ModeMutating Mode = "mutating"
)

// Options configure a run.
type Options struct {
	Target     string             // base URL, e.g. "http://127.0.0.1:9000"
	Credential signer.Credential  // the account the suite acts as
	Second     *signer.Credential // a second account: enables the isolation cases
	Region     string             // default "ap-guangzhou"
	Mode       Mode               // default ModeSafe
	Instances  []string           // ModeMutating: the ids the suite may initialise
	Strict     bool               // warnings fail the run
	Seed       uint64             // generated cases; 0 picks one (reported)
	Generated  int                // generated cases of each kind; default 25, negative: none
	Only, Skip []string           // rule ids ("AUTH-5") or case-id prefixes
	Rate       float64            // requests a second; 0 unpaced (RATE-2)
	Timeout    time.Duration      // per request; default 15 s
	// CheckRateLimit runs the RATE-1 case, which must exceed RateLimit
	// InitDBInstances requests a second (default 20).
	CheckRateLimit bool
	RateLimit      int
	Progress       io.Writer    // one line per case; nil for none
	HTTPClient     *http.Client // nil: a client with Timeout
	Version        string       // tool version, for the report
	Now            func() time.Time
}

func (o *Options) withDefaults() (Options, error) {
	out := *o
	if out.Target == "" {
		return out, errors.New("conformance: no target URL")
	}
	u, err := url.Parse(out.Target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return out, fmt.Errorf("conformance: target %q is not an http(s) URL", out.Target)
	}
	if out.Credential.SecretID == "" || out.Credential.SecretKey == "" {
		return out, errors.New("conformance: a SecretId and a SecretKey are needed")
	}
	if out.Region == "" {
		out.Region = "ap-guangzhou"
	}
	if out.Mode == "" {
		out.Mode = ModeSafe
	}
	if out.Mode == ModeMutating && len(out.Instances) == 0 {
		return out, errors.New("conformance: mutating mode needs the ids of instances it may initialise")
	}
	if out.Generated == 0 {
		out.Generated = 25
	}
	if out.Timeout <= 0 {
		out.Timeout = 15 * time.Second
	}
	if out.RateLimit <= 0 {
		out.RateLimit = 20
	}
	if out.Rate < 0 {
		return out, errors.New("conformance: the rate must be 0 (unpaced) or more")
	}
	if out.Now == nil {
		out.Now = time.Now
	}
	if out.HTTPClient == nil {
		out.HTTPClient = &http.Client{Timeout: out.Timeout}
	}
	if out.Version == "" {
		out.Version = "dev"
	}
	return out, nil
}
