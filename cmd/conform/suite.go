package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/tencentdb-kit/initdb-conform/client"
	"github.com/tencentdb-kit/initdb-conform/conformance"
	"github.com/tencentdb-kit/initdb-conform/emulator"
	"github.com/tencentdb-kit/initdb-conform/reports"
	"github.com/tencentdb-kit/initdb-conform/signer"
)

// The second account of the in-process emulator, so that the isolation
// cases run there too.
const (
	inProcessSecondID  = "AKIDconformSecondAccountEXAMPLE00000"
	inProcessSecondKey = "conformSecondAccountKeyEXAMPLE00"
)

func runSuite(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("conform", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage+"\nFlags of the suite:\n")
		fs.PrintDefaults()
	}
	t, err := parseTarget(fs, args, stderr, getenv)
	if t == nil || err != nil {
		return err
	}
	defer t.close()
	rep, err := conformance.Run(ctx, t.opts)
	return t.finish(stdout, rep, err)
}

func runFuzz(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("conform fuzz", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: conform fuzz [--target URL] [--duration D] [flags]\n\nSends generated and mutated, correctly signed requests and reports findings.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	duration := fs.Duration("duration", 30*time.Second, "how long to fuzz")
	t, err := parseTarget(fs, args, stderr, getenv)
	if t == nil || err != nil {
		return err
	}
	defer t.close()
	if *duration <= 0 {
		return usagef("--duration must be positive")
	}
	rep, err := conformance.Fuzz(ctx, t.opts, *duration)
	return t.finish(stdout, rep, err)
}

// target is a parsed command line of the suite or the fuzzer: the options,
// where the reports go, and the in-process emulator to stop, if any.
type target struct {
	opts      conformance.Options
	reportDir string
	close     func()
}

// finish writes the reports and the summary and turns the outcome into the
// exit code's error.
func (t *target) finish(stdout io.Writer, rep *conformance.Report, err error) error {
	if rep == nil {
		return usagef("%v", err)
	}
	if t.reportDir != "" {
		if werr := reports.WriteAll(t.reportDir, rep); werr != nil {
			return fmt.Errorf("writing the reports: %w", werr)
		}
	}
	printSummary(stdout, rep, t.reportDir)
	if err != nil {
		return err
	}
	if rep.Counts[conformance.Error] > 0 {
		return fmt.Errorf("%d case(s) could not be run (harness errors); see the report", rep.Counts[conformance.Error])
	}
	if !rep.Passed() {
		return errTargetFailed
	}
	return nil
}

// parseTarget parses the flags shared by the suite and the fuzzer. It
// returns nil and no error for -h.
func parseTarget(fs *flag.FlagSet, args []string, stderr io.Writer, getenv func(string) string) (*target, error) {
	fs.SetOutput(stderr)
	targetURL := fs.String("target", "", "endpoint URL (default: the in-process emulator)")
	secretID := fs.String("secret-id", "", "SecretId (default $TENCENTCLOUD_SECRET_ID)")
	secretKey := fs.String("secret-key", "", "SecretKey (default $TENCENTCLOUD_SECRET_KEY)")
	token := fs.String("token", "", "session token of a temporary key (default $TENCENTCLOUD_SESSION_TOKEN)")
	secretID2 := fs.String("secret-id-2", "", "a second account's SecretId: enables the isolation cases")
	secretKey2 := fs.String("secret-key-2", "", "the second account's SecretKey")
	region := fs.String("region", "ap-guangzhou", "region of the requests")
	strict := fs.Bool("strict", false, "warnings (broken SHOULD rules) fail the run")
	seed := fs.Uint64("seed", 0, "seed of the generated cases (0: from the clock; the report records it)")
	generated := fs.Int("generated", 25, "generated cases of each kind (valid, one fault); 0 for none")
	var only, skip, instances listFlag
	fs.Var(&only, "only", "run only cases of this rule id or case-id prefix (repeatable, or comma-separated)")
	fs.Var(&skip, "skip", "skip cases of this rule id or case-id prefix (repeatable, or comma-separated)")
	reportDir := fs.String("report", "", "write report.json, junit.xml, report.md and report.html into this directory")
	rate := fs.Float64("rate", -1, "requests a second (default 20, unpaced for the in-process emulator; 0: unpaced)")
	timeout := fs.Duration("timeout", 15*time.Second, "timeout of each request")
	allowMutating := fs.Bool("allow-mutating", false, "against a non-loopback target, allow initialising the --instance ids")
	fs.Var(&instances, "instance", "an instance id (status init) the suite may initialise with --allow-mutating (repeatable)")
	safe := fs.Bool("safe", false, "force safe mode (CONTRACT §10) on any target, loopback included")
	checkRate := fs.Bool("check-rate-limit", false, "run the rate-limit case RATE-1 (it exceeds the target's limit)")
	rateLimit := fs.Int("rate-limit", 20, "the target's InitDBInstances limit a second, for RATE-1")
	quiet := fs.Bool("quiet", false, "no progress on stderr")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, nil
		}
		return nil, usagef("%v", err)
	}
	if fs.NArg() > 0 {
		return nil, usagef("unexpected arguments %q", fs.Args())
	}
	closeFn := func() {}
	opts := conformance.Options{
		Region: *region, Strict: *strict, Seed: *seed, Generated: *generated,
		Only: splitList(only), Skip: splitList(skip), Timeout: *timeout,
		CheckRateLimit: *checkRate, RateLimit: *rateLimit, Version: version,
	}
	if *generated == 0 {
		opts.Generated = -1
	}
	if !*quiet {
		opts.Progress = stderr
	}
	if *rateLimit <= 0 {
		return nil, usagef("--rate-limit must be positive")
	}
	if *generated < 0 {
		return nil, usagef("--generated must be 0 or more")
	}

	if (*secretID2 == "") != (*secretKey2 == "") {
		return nil, usagef("--secret-id-2 and --secret-key-2 go together")
	}
	if *targetURL == "" && *secretID+*secretKey+*secretID2+*token != "" {
		return nil, usagef("keys are given with --target; the in-process emulator has its own")
	}
	if *targetURL == "" {
		// The in-process emulator: its own keys, two accounts, and no
		// rate limit unless RATE-1 is to be checked.
		limit := 0
		if *checkRate {
			limit = *rateLimit
		}
		srv := emulator.Start(emulator.WithRateLimit(limit),
			emulator.WithCredential(emulator.DefaultSecretID, emulator.DefaultSecretKey),
			emulator.WithCredential(inProcessSecondID, inProcessSecondKey))
		closeFn = srv.Close
		opts.Target = srv.URL
		opts.Credential = signer.Credential{SecretID: emulator.DefaultSecretID, SecretKey: emulator.DefaultSecretKey}
		opts.Second = &signer.Credential{SecretID: inProcessSecondID, SecretKey: inProcessSecondKey}
		opts.Rate = 0
		if *checkRate {
			opts.Rate = float64(*rateLimit)
		}
	} else {
		u, err := url.Parse(*targetURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, usagef("--target must be an http(s) URL, got %q", *targetURL)
		}
		opts.Target = strings.TrimRight(*targetURL, "/")
		opts.Credential = signer.Credential{SecretID: firstOf(*secretID, getenv("TENCENTCLOUD_SECRET_ID")),
			SecretKey: firstOf(*secretKey, getenv("TENCENTCLOUD_SECRET_KEY")), Token: firstOf(*token, getenv("TENCENTCLOUD_SESSION_TOKEN"))}
		if opts.Credential.SecretID == "" || opts.Credential.SecretKey == "" {
			return nil, usagef("a SecretId and a SecretKey are needed: --secret-id/--secret-key or TENCENTCLOUD_SECRET_ID/TENCENTCLOUD_SECRET_KEY")
		}
		if *secretID2 != "" {
			opts.Second = &signer.Credential{SecretID: *secretID2, SecretKey: *secretKey2}
		}
		opts.Rate = 20
	}
	if *rate >= 0 {
		opts.Rate = *rate
	}
	switch {
	case *safe:
		opts.Mode = conformance.ModeSafe
	case client.IsLoopback(opts.Target):
		opts.Mode = conformance.ModeEmulator
	case *allowMutating:
		if len(instances) == 0 {
			return nil, usagef("--allow-mutating needs at least one --instance id")
		}
		opts.Mode = conformance.ModeMutating
		opts.Instances = splitList(instances)
	default:
		opts.Mode = conformance.ModeSafe
		if len(instances) > 0 {
			return nil, usagef("--instance needs --allow-mutating")
		}
	}

	return &target{opts: opts, reportDir: *reportDir, close: closeFn}, nil
}

func printSummary(w io.Writer, rep *conformance.Report, dir string) {
	verdict := "PASS"
	if !rep.Passed() {
		verdict = "FAIL"
	} else if rep.Counts[conformance.Warn] > 0 {
		verdict = "PASS with warnings"
	}
	target := rep.Target
	fmt.Fprintf(w, "\nconform %s: %s against %s (%s mode, seed %d)\n", rep.Version, verdict, target, rep.Mode, rep.Seed)
	fmt.Fprintf(w, "  %d cases: %d pass, %d warn, %d fail, %d error, %d skip; %d requests in %v\n",
		len(rep.Results), rep.Counts[conformance.Pass], rep.Counts[conformance.Warn], rep.Counts[conformance.Fail],
		rep.Counts[conformance.Error], rep.Counts[conformance.Skip], rep.Requests, rep.Duration.Round(time.Millisecond))
	for _, a := range rep.ByArea() {
		fmt.Fprintf(w, "  %-18s %-5s %s\n", a.Area, a.Verdict, formatVerdictCounts(a.Counts))
	}
	for _, f := range rep.Failures() {
		fmt.Fprintf(w, "  %s %s: %s (expected %s, got %s)\n", strings.ToUpper(string(f.Verdict)), f.ID, f.Reason,
			strings.Join(f.Expected, " | "), f.Actual)
	}
	cov := rep.Coverage
	fmt.Fprintf(w, "  error codes: %d documented codes provoked, %d never seen, %d undocumented\n",
		len(cov.Provoked), len(cov.NeverSeen), len(cov.Undocumented))
	if dir != "" {
		fmt.Fprintf(w, "  reports: %s/report.html (also report.json, junit.xml, report.md)\n", strings.TrimRight(dir, "/"))
	}
}

func formatVerdictCounts(m map[conformance.Verdict]int) string {
	var parts []string
	for _, v := range conformance.Verdicts() {
		if m[v] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", m[v], v))
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

func splitList(l listFlag) []string {
	var out []string
	for _, v := range l {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
