// Command conform is the InitDBInstances conformance kit's command line.
//
//	conform [flags]                 run the suite against the in-process emulator
//	conform --target URL [flags]    run the suite against any endpoint
//	conform serve [flags]           run the emulator until interrupted
//	conform fuzz [flags]            fuzz a target with signed generated requests
//
// Exit codes: 0 nothing failed, 1 the target failed, 2 usage or harness
// error.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// version is the tool's version, written into every report.
const version = "0.1.0"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	if err != nil && !errors.Is(err, errTargetFailed) {
		fmt.Fprintln(os.Stderr, "conform:", err)
	}
	os.Exit(exitCode(err))
}

// errTargetFailed means the run worked and the target broke the contract.
var errTargetFailed = errors.New("the target failed")

// usageError is bad input from the user: exit 2 with a message.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

func exitCode(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errTargetFailed):
		return 1
	default:
		return 2
	}
}

const usage = `conform: the InitDBInstances conformance kit (TencentDB for PostgreSQL, API 2017-03-12)

Usage:
  conform [flags]                run the suite against the in-process emulator
  conform --target URL [flags]   run the suite against an endpoint
  conform serve [flags]          run the emulator until interrupted
  conform fuzz [--target URL] [--duration D] [flags]
                                 fuzz a target (the in-process emulator by default)

Run "conform -h", "conform serve -h" or "conform fuzz -h" for the flags.
`

// run is the whole program, minus the process: arguments in, output to the
// writers, an error whose kind gives the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) > 0 {
		switch args[0] {
		case "serve":
			return runServe(ctx, args[1:], stdout, stderr)
		case "fuzz":
			return runFuzz(ctx, args[1:], stdout, stderr, getenv)
		case "help":
			fmt.Fprint(stdout, usage)
			return nil
		case "version":
			fmt.Fprintln(stdout, "conform", version)
			return nil
		}
		if !strings.HasPrefix(args[0], "-") {
			fmt.Fprint(stderr, usage)
			return usagef("unknown command %q", args[0])
		}
	}
	return runSuite(ctx, args, stdout, stderr, getenv)
}
