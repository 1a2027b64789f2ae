package conformance_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tencentdb-kit/initdb-conform/conformance"
	"github.com/tencentdb-kit/initdb-conform/emulator"
	"github.com/tencentdb-kit/initdb-conform/signer"
)

func TestEmulatorPasses(t *testing.T) {
	srv := emulator.Start(emulator.WithRateLimit(0))
	defer srv.Close()
	rep, err := conformance.Run(context.Background(), conformance.Options{
		Target:     srv.URL,
		Credential: signer.Credential{SecretID: emulator.DefaultSecretID, SecretKey: emulator.DefaultSecretKey},
		Mode:       conformance.ModeEmulator,
		Strict:     true,
		Seed:       1,
	})
	require.NoError(t, err)
	for _, r := range rep.Results {
		if r.Verdict != conformance.Pass && r.Verdict != conformance.Skip {
			t.Errorf("%s: %s: %s (expected %v, got %s)\n%s", r.Verdict, r.ID, r.Reason, r.Expected, r.Actual, r.Reproducer)
		}
	}
	assert.True(t, rep.Passed())
	t.Logf("%d results, %d requests, %v, counts %v", len(rep.Results), rep.Requests, rep.Duration, rep.Counts)
}
