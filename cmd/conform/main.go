// Command conform is the InitDBInstances conformance kit's command line.
//
//	conform serve [--addr 127.0.0.1:9000] [--credential ID:KEY]... [--rate-limit N] [--fault SPEC]...
//
// runs the emulator until interrupted. Exit codes: 0 success, 1 the target
// failed, 2 usage or harness error.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
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
  conform serve [flags]   run the emulator until interrupted

Run "conform serve -h" for the flags.
`

// run is the whole program, minus the process: arguments in, output to the
// writers, an error whose kind gives the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usagef("no command given")
	}
	switch args[0] {
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usagef("unknown command %q", args[0])
}
