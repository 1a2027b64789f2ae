package conformance_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tencentdb-kit/initdb-conform/conformance"
	"github.com/tencentdb-kit/initdb-conform/emulator"
	"github.com/tencentdb-kit/initdb-conform/signer"
)

// exampleKey is the emulator's default key, the API documents' example.
var exampleKey = signer.Credential{SecretID: emulator.DefaultSecretID, SecretKey: emulator.DefaultSecretKey}

func TestEmulatorPasses(t *testing.T) {
	srv := emulator.Start(emulator.WithRateLimit(0))
	defer srv.Close()
	rep, err := conformance.Run(context.Background(), conformance.Options{
		Target:     srv.URL,
		Credential: exampleKey,
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
		Credential: exampleKey,
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
		Credential: exampleKey,
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
		Credential: exampleKey,
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

// A generated failure is shrunk: against a target that refuses admin names
// longer than three characters, the failing valid requests shrink to a name
// of exactly four.
func TestGeneratedFailuresAreShrunk(t *testing.T) {
	emu, err := emulator.New(emulator.WithRateLimit(0))
	require.NoError(t, err)
	picky := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		name := ""
		var m map[string]any
		if json.Unmarshal(body, &m) == nil {
			name, _ = m["AdminName"].(string)
		} else if q, err := url.ParseQuery(string(body)); err == nil && q.Has("AdminName") {
			name = q.Get("AdminName")
		} else {
			name = r.URL.Query().Get("AdminName")
		}
		if len(name) > 3 {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"Response":{"Error":{"Code":"InvalidParameterValue.InvalidAccountError","Message":"too long"},"RequestId":"%s"}}`, uuid.NewString())
			return
		}
		emu.ServeHTTP(w, r)
	})
	srv := httptest.NewServer(picky)
	defer srv.Close()
	rep, err := conformance.Run(context.Background(), conformance.Options{
		Target:     srv.URL,
		Credential: exampleKey,
		Mode:       conformance.ModeEmulator,
		Seed:       5,
		Generated:  12,
		Only:       []string{"GEN/valid"},
	})
	require.NoError(t, err)
	shrunk := 0
	for _, r := range rep.Results {
		if r.Verdict != conformance.Fail {
			continue
		}
		// The smallest request found comes first; a request already
		// minimal is not marked as shrunk.
		line := strings.SplitN(strings.TrimPrefix(r.Input, "shrunk: "), "\n", 2)[0]
		if strings.HasPrefix(r.Input, "shrunk: ") {
			shrunk++
		}
		var p map[string]any
		require.NoError(t, json.Unmarshal([]byte(line[strings.Index(line, "{"):]), &p))
		assert.Len(t, p["AdminName"], 4, "%s: shrunk to the smallest name that still fails", r.ID)
	}
	assert.Greater(t, shrunk, 0, "some generated names were longer than four characters")
}
