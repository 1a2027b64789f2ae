package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/tencentdb-kit/initdb-conform/emulator"
	"github.com/tencentdb-kit/initdb-conform/rules"
)

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("conform serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:9000", "address to listen on")
	var creds, faults listFlag
	fs.Var(&creds, "credential", "an account's key as SECRETID:SECRETKEY (repeatable, one account each; default: the API documents' example key)")
	rate := fs.Int("rate-limit", rules.DefaultRateLimit, "InitDBInstances requests a second per account (RATE-1); 0 turns the limit off")
	fs.Var(&faults, "fault", "answer a server-side code: CODE[@INSTANCE-ID][:ACTION][*COUNT] (repeatable)")
	faultHeader := fs.Bool("fault-header", false, "honour the "+emulator.FaultHeader+" request header")
	seed := fs.Uint64("seed", 0, "seed of the instance id generator (0: random)")
	quiet := fs.Bool("quiet", false, "do not log requests")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usagef("%v", err)
	}
	if fs.NArg() > 0 {
		return usagef("serve takes no arguments, got %q", fs.Args())
	}
	opts := []emulator.Option{emulator.WithFaultHeader(*faultHeader)}
	if *rate < 0 {
		return usagef("--rate-limit must be 0 or more")
	}
	opts = append(opts, emulator.WithRateLimit(*rate))
	for _, c := range creds {
		id, key, ok := strings.Cut(c, ":")
		if !ok || id == "" || key == "" {
			// Never echo the value: it holds a secret key.
			return usagef("--credential must be SECRETID:SECRETKEY")
		}
		opts = append(opts, emulator.WithCredential(id, key))
	}
	for _, s := range faults {
		f, err := emulator.ParseFault(s)
		if err != nil {
			return usagef("--fault: %v", err)
		}
		opts = append(opts, emulator.WithFault(f))
	}
	if *seed != 0 {
		opts = append(opts, emulator.WithSeed(*seed))
	}
	if !*quiet {
		opts = append(opts, emulator.WithLogger(slog.New(slog.NewTextHandler(stderr, nil))))
	}
	emu, err := emulator.New(opts...)
	if err != nil {
		return usagef("%v", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return usagef("cannot listen on %s: %v", *addr, err)
	}
	srv := &http.Server{
		Handler:           emu,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    1 << 20,
	}
	accounts := len(creds)
	if accounts == 0 {
		accounts = 1
		fmt.Fprintf(stdout, "conform serve: using the documents' example key %s\n", emulator.DefaultSecretID)
	}
	fmt.Fprintf(stdout, "conform serve: listening on http://%s (%d account(s), rate limit %d/s)\n", ln.Addr(), accounts, *rate)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	fmt.Fprintln(stdout, "conform serve: stopped")
	return nil
}
