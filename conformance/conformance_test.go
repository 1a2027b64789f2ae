package conformance_test

import (
	"context"
	"testing"
	"time"

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
	assert.NotEmpty(t, srv.Instances(), "in emulator mode the suite makes its own instances")
	t.Logf("%d results, %d requests, %v, counts %v", len(rep.Results), rep.Requests, rep.Duration, rep.Counts)
}

// SAFE-1: in safe mode nothing that can change an instance is sent, and no
// request succeeds in changing one: the target ends with no instance at all.
func TestSafeModeChangesNothing(t *testing.T) {
	srv := emulator.Start(emulator.WithRateLimit(0))
	defer srv.Close()
	rep, err := conformance.Run(context.Background(), conformance.Options{
		Target:     srv.URL,
		Credential: signer.Credential{SecretID: emulator.DefaultSecretID, SecretKey: emulator.DefaultSecretKey},
		Mode:       conformance.ModeSafe,
		Seed:       2,
	})
	require.NoError(t, err)
	assert.True(t, rep.Passed(), "the emulator passes in safe mode too")
	assert.Zero(t, rep.Coverage.Successes, "no request succeeded")
	for _, r := range rep.Results {
		if r.Area == "Instances" && r.ID != "INST-1/absent" {
			assert.Equal(t, conformance.Skip, r.Verdict, r.ID)
		}
	}
	assert.Empty(t, srv.Instances(), "the suite created no instance")
}

// In mutating mode the suite initialises only the instances it was given,
// creates none, and runs the stateful cases on them.
func TestMutatingModeUsesOnlyGivenInstances(t *testing.T) {
	srv := emulator.Start(emulator.WithRateLimit(0))
	defer srv.Close()
	given := srv.CreateInstances(emulator.DefaultSecretID, "ap-guangzhou", 12)
	bystander := srv.CreateInstances(emulator.DefaultSecretID, "ap-guangzhou", 1)[0]
	rep, err := conformance.Run(context.Background(), conformance.Options{
		Target:     srv.URL,
		Credential: signer.Credential{SecretID: emulator.DefaultSecretID, SecretKey: emulator.DefaultSecretKey},
		Mode:       conformance.ModeMutating,
		Instances:  given,
		Strict:     true,
		Seed:       3,
	})
	require.NoError(t, err)
	assert.True(t, rep.Passed())
	assert.Len(t, srv.Instances(), 13, "no instance created")
	inst, _ := srv.Instance(bystander)
	assert.Equal(t, emulator.StatusInit, inst.Status, "an instance not given is untouched")
	ran := 0
	for _, r := range rep.Results {
		if r.Area == "Instances" && r.Verdict == conformance.Pass {
			ran++
		}
	}
	assert.GreaterOrEqual(t, ran, 5, "the stateful cases ran on the given instances")
	for _, r := range rep.Results {
		assert.NotContains(t, r.Reproducer, conformance.ValidPassword)
	}
}

// Fuzzing the emulator finds nothing, and every kind of request is sent.
func TestFuzzEmulatorFindsNothing(t *testing.T) {
	srv := emulator.Start(emulator.WithRateLimit(0))
	defer srv.Close()
	rep, err := conformance.Fuzz(context.Background(), conformance.Options{
		Target:     srv.URL,
		Credential: signer.Credential{SecretID: emulator.DefaultSecretID, SecretKey: emulator.DefaultSecretKey},
		Mode:       conformance.ModeEmulator,
		Seed:       4,
	}, 2*time.Second)
	require.NoError(t, err)
	for _, r := range rep.Results {
		if r.Verdict != conformance.Pass && r.Verdict != conformance.Skip {
			t.Errorf("%s %s: %s\n%s", r.Verdict, r.ID, r.Reason, r.Input)
		}
	}
	assert.Greater(t, rep.Requests, 100)
	for _, kind := range []string{"valid", "fault", "mutated"} {
		found := false
		for _, r := range rep.Results {
			if r.ID == "FUZZ/"+kind {
				found = true
				assert.Equal(t, conformance.Pass, r.Verdict, r.Reason)
			}
		}
		assert.True(t, found, kind)
	}
}
