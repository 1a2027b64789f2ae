package conformance_test

import (
	"context"
	"testing"

	"github.com/tencentdb-kit/initdb-conform/conformance"
	"github.com/tencentdb-kit/initdb-conform/emulator"
	"github.com/tencentdb-kit/initdb-conform/signer"
)

// BenchmarkDefaultRun times a full default run (hand-written cases and 25
// generated cases of each kind) against the embedded emulator, as plain
// `conform` does.
func BenchmarkDefaultRun(b *testing.B) {
	srv := emulator.Start(emulator.WithRateLimit(0),
		emulator.WithCredential(emulator.DefaultSecretID, emulator.DefaultSecretKey),
		emulator.WithCredential("AKIDbenchSecond", "bench-second-key"))
	defer srv.Close()
	opts := conformance.Options{
		Target:     srv.URL,
		Credential: signer.Credential{SecretID: emulator.DefaultSecretID, SecretKey: emulator.DefaultSecretKey},
		Second:     &signer.Credential{SecretID: "AKIDbenchSecond", SecretKey: "bench-second-key"},
		Mode:       conformance.ModeEmulator,
		Seed:       1,
	}
	b.ReportAllocs()
	for b.Loop() {
		rep, err := conformance.Run(context.Background(), opts)
		if err != nil || !rep.Passed() {
			b.Fatalf("the run did not pass: %v", err)
		}
	}
}
