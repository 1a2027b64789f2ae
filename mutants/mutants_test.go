package mutants

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tencentdb-kit/initdb-conform/conformance"
	"github.com/tencentdb-kit/initdb-conform/emulator"
	"github.com/tencentdb-kit/initdb-conform/rules"
	"github.com/tencentdb-kit/initdb-conform/signer"
)

// The run's settings: a fixed seed and a few generated cases of each kind,
// so that every run sends the same requests.
const (
	seed      = 7
	generated = 10
)

var (
	primary = signer.Credential{SecretID: emulator.DefaultSecretID, SecretKey: emulator.DefaultSecretKey}
	second  = signer.Credential{SecretID: SecondSecretID, SecretKey: SecondSecretKey}
)

// setup is how one run is made.
type setup struct {
	strict bool
	// rate: the emulator limits InitDBInstances at the default N and the
	// suite runs only RATE-1 with the rate-limit check on. The other cases
	// are not run then: unpaced, they would meet the limit.
	rate    bool
	options []emulator.Option // after the run's own
	wrap    func(http.Handler) http.Handler
	skip    []string // cases not run
}

// bigBody is the case that sends a 10 MiB body: half the time of a run
// under -race. It is run against the unmodified emulator and the Transport
// mutants, and skipped for the others, which cannot change its answer: no
// middleware here reads a body over the size limits.
const bigBody = "TRANS-5/tc3-post-over-10MiB"

// run starts a fresh emulator with two accounts (as the conform CLI's
// in-process run does), wraps it, and runs the suite against it.
func run(t *testing.T, s setup) *conformance.Report {
	t.Helper()
	limit := 0
	if s.rate {
		limit = rules.DefaultRateLimit
	}
	opts := append([]emulator.Option{emulator.WithSeed(seed), emulator.WithRateLimit(limit),
		emulator.WithCredential(primary.SecretID, primary.SecretKey),
		emulator.WithCredential(second.SecretID, second.SecretKey)}, s.options...)
	emu, err := emulator.New(opts...)
	require.NoError(t, err)
	var h http.Handler = emu
	if s.wrap != nil {
		h = s.wrap(h)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	o := conformance.Options{
		Target: srv.URL, Credential: primary, Second: &second,
		Mode: conformance.ModeEmulator, Strict: s.strict, Seed: seed, Generated: generated, Skip: s.skip,
	}
	if s.rate {
		o.CheckRateLimit, o.Only = true, []string{"RATE-1"}
	}
	rep, err := conformance.Run(context.Background(), o)
	require.NoError(t, err)
	return rep
}

func rateArea(m Mutant) bool { return slices.Contains(m.Rules, "RATE-1") }

func describeFailures(rep *conformance.Report) string {
	var b strings.Builder
	for _, r := range rep.Failures() {
		b.WriteString("\n  " + string(r.Verdict) + " " + r.ID + " " + strings.Join(r.Rules, ",") + ": " + r.Reason)
	}
	return b.String()
}

func TestUnmodifiedEmulatorPasses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		s    setup
	}{
		{"strict", setup{strict: true}},
		{"rate-limit", setup{strict: true, rate: true}},
		// The mutants' plumbing alone, reading and re-signing every
		// request and re-encoding every answer, breaks nothing.
		{"transparent-middleware", setup{strict: true, wrap: transparent(newKeyring([]signer.Credential{primary, second}))}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rep := run(t, tc.s)
			if !rep.Passed() {
				t.Fatalf("the suite does not pass:%s", describeFailures(rep))
			}
			if tc.s.rate {
				i := slices.IndexFunc(rep.Results, func(r conformance.Result) bool { return r.ID == "RATE-1/burst" })
				require.GreaterOrEqual(t, i, 0)
				require.Equal(t, conformance.Pass, rep.Results[i].Verdict, "the rate-limit case ran")
			}
			t.Logf("%d results, %d requests, counts %v", len(rep.Results), rep.Requests, rep.Counts)
		})
	}
}

// transparent signs every authentic request again, unchanged, and
// re-encodes every answer.
func transparent(k keyring) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return onRequest(onAnswer(h, k, func(*request, *answer) {}), k, func(q *request) bool { return q.authentic })
	}
}

func TestSuiteCatchesEveryMutant(t *testing.T) {
	t.Parallel()
	all := All()
	var mu sync.Mutex
	var caught, missed []string
	t.Run("mutants", func(t *testing.T) {
		for _, m := range all {
			t.Run(m.Name, func(t *testing.T) {
				t.Parallel()
				s := setup{strict: m.Level == "SHOULD", rate: rateArea(m), options: m.Options, wrap: m.Wrap}
				if m.Area != "Transport" {
					s.skip = []string{bigBody}
				}
				rep := run(t, s)
				var why []string
				for _, r := range rep.Failures() {
					if r.Verdict != conformance.Error && slices.ContainsFunc(r.Rules, func(id string) bool { return slices.Contains(m.Rules, id) }) {
						why = append(why, r.ID)
					}
				}
				mu.Lock()
				defer mu.Unlock()
				if rep.Passed() || len(why) == 0 {
					missed = append(missed, m.Name)
					t.Errorf("%s (%s %s) is not caught: passed=%v; failures:%s", m.Name, m.Level, strings.Join(m.Rules, ","), rep.Passed(), describeFailures(rep))
					return
				}
				caught = append(caught, m.Name)
				var others []string
				for _, r := range rep.Failures() {
					if !slices.Contains(why, r.ID) {
						others = append(others, r.ID)
					}
				}
				t.Logf("caught by %s; other failures: %v (%d requests in %v)", strings.Join(why, ", "), others, rep.Requests, rep.Duration.Round(time.Millisecond))
			})
		}
	})
	t.Logf("mutation score: %d/%d", len(caught), len(all))
	if len(missed) > 0 {
		t.Logf("missed: %s", strings.Join(missed, ", "))
	}
}

// TestShouldMutantsOnlyWarn checks the levels the other way round: a
// target that breaks only a SHOULD rule passes the default run, with a
// warning that names the rule (CONTRACT: "a target that breaks one gets a
// warning, and fails only under --strict").
func TestShouldMutantsOnlyWarn(t *testing.T) {
	t.Parallel()
	for _, m := range All() {
		if m.Level != "SHOULD" {
			continue
		}
		t.Run(m.Name, func(t *testing.T) {
			t.Parallel()
			rep := run(t, setup{rate: rateArea(m), options: m.Options, wrap: m.Wrap, skip: []string{bigBody}})
			if !rep.Passed() {
				t.Fatalf("a SHOULD mutant fails the default run:%s", describeFailures(rep))
			}
			warned := slices.ContainsFunc(rep.Results, func(r conformance.Result) bool {
				return r.Verdict == conformance.Warn && slices.ContainsFunc(r.Rules, func(id string) bool { return slices.Contains(m.Rules, id) })
			})
			require.True(t, warned, "no warning names %v", m.Rules)
		})
	}
}

// TestMutantsAreWellFormed checks the list itself: unique names, a known
// area and level, rule ids, and at least one mutant in every area of the
// contract that a target can break.
func TestMutantsAreWellFormed(t *testing.T) {
	areas := conformance.Areas()
	seen := map[string]bool{}
	covered := map[string]bool{}
	for _, m := range All() {
		require.False(t, seen[m.Name], "name %s given twice", m.Name)
		seen[m.Name] = true
		require.Contains(t, areas, m.Area, m.Name)
		require.Contains(t, []string{"MUST", "SHOULD"}, m.Level, m.Name)
		require.NotEmpty(t, m.Rules, m.Name)
		require.NotNil(t, m.Wrap, m.Name)
		covered[m.Area] = true
	}
	for _, a := range []string{"Transport", "Authentication", "Common parameters", "Parameters", "Instances", "Rate limit", "Responses"} {
		require.True(t, covered[a], "no mutant in area %s", a)
	}
}
