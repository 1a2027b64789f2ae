package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tencentdb-kit/initdb-conform/client"
	"github.com/tencentdb-kit/initdb-conform/signer"
	"github.com/tencentdb-kit/initdb-conform/wire"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestServeAnswersAndStopsCleanly(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--credential", "AKIDcli:cli-secret-key",
			"--fault", "InternalError.SystemError:CreateDBInstances*1"}, pw, &stderr, noEnv)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var url string
	for sc.Scan() {
		if m := regexp.MustCompile(`listening on (http://\S+)`).FindStringSubmatch(sc.Text()); m != nil {
			url = m[1]
			break
		}
	}
	require.NotEmpty(t, url)
	go func() { _, _ = io.Copy(io.Discard, pr) }()

	c := &client.Client{BaseURL: url, Credential: signer.Credential{SecretID: "AKIDcli", SecretKey: "cli-secret-key"}, Region: "ap-guangzhou"}
	create := client.Request{Style: wire.StyleTC3JSON, Action: "CreateDBInstances", Params: map[string]any{
		"SpecCode": "pg.it.medium4", "Storage": 10, "InstanceCount": 1, "Period": 1, "Zone": "ap-guangzhou-3"}}
	resp, err := c.Send(ctx, create)
	require.NoError(t, err)
	assert.Equal(t, "InternalError.SystemError", resp.Code, "the --fault flag is applied once")
	resp, err = c.Send(ctx, create)
	require.NoError(t, err)
	assert.Empty(t, resp.Code, resp.Message)

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop after cancellation")
	}
	logs := stderr.String()
	assert.Contains(t, logs, "action=CreateDBInstances")
	assert.Contains(t, logs, "code=InternalError.SystemError")
	assert.NotContains(t, logs, "cli-secret-key", "no secret in the log")
	assert.NotContains(t, logs, "AKIDcli", "no SecretId in the log")
}

func noEnv(string) string { return "" }

func TestUsageErrorsExitTwo(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		reason string
	}{
		{[]string{"frobnicate"}, "unknown command"},
		{[]string{"serve", "--credential", "no-colon"}, "a credential without its key"},
		{[]string{"serve", "--rate-limit", "-1"}, "negative rate"},
		{[]string{"serve", "--fault", "Made.Up"}, "undocumented fault code"},
		{[]string{"serve", "--addr", "256.0.0.1:bad"}, "an address that cannot be listened on"},
		{[]string{"serve", "--no-such-flag"}, "unknown flag"},
		{[]string{"serve", "extra"}, "stray argument"},
	} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), tc.args, &out, &errOut, noEnv)
		require.Error(t, err, tc.reason)
		assert.Equal(t, 2, exitCode(err), tc.reason)
		assert.NotContains(t, err.Error()+errOut.String(), "goroutine", tc.reason)
	}
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"serve", "--credential", "AKIDx:"}, &out, &errOut, noEnv)
	require.Error(t, err)
	assert.False(t, strings.Contains(err.Error(), "AKIDx"), "the flag's value is not echoed")
}

func TestSuiteAgainstInProcessEmulatorPasses(t *testing.T) {
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"--strict", "--generated", "5", "--report", dir, "--quiet"}, &out, &errOut, noEnv)
	require.NoError(t, err, out.String())
	assert.Contains(t, out.String(), "PASS against")
	for _, f := range []string{"report.json", "junit.xml", "report.md", "report.html"} {
		assert.FileExists(t, dir+"/"+f)
	}
}

func TestSuiteAgainstABrokenTargetExitsOne(t *testing.T) {
	// A target that answers every request with a plain-text 500.
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "boom", http.StatusInternalServerError)
	}))
	defer broken.Close()
	var out, errOut bytes.Buffer
	env := func(k string) string {
		return map[string]string{"TENCENTCLOUD_SECRET_ID": "AKIDenv", "TENCENTCLOUD_SECRET_KEY": "env-secret-key"}[k]
	}
	err := run(context.Background(), []string{"--target", broken.URL, "--rate", "0", "--generated", "2", "--only", "AUTH-5,RESP-1"}, &out, &errOut, env)
	require.Error(t, err)
	assert.Equal(t, 1, exitCode(err), out.String())
	assert.Contains(t, out.String(), "FAIL against")
	assert.NotContains(t, out.String()+errOut.String(), "env-secret-key")
}

func TestSuiteUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		reason string
	}{
		{[]string{"--target", "ftp://x"}, "not an http URL"},
		{[]string{"--target", "https://postgres.tencentcloudapi.com"}, "no credentials"},
		{[]string{"--target", "https://example.com", "--secret-id", "a", "--secret-key", "b", "--allow-mutating"}, "mutating without instances"},
		{[]string{"--target", "https://example.com", "--secret-id", "a", "--secret-key", "b", "--instance", "postgres-abcd1234"}, "instances without --allow-mutating"},
		{[]string{"--secret-id-2", "x"}, "half a second account"},
		{[]string{"--generated", "-1"}, "negative count"},
		{[]string{"fuzz", "--duration", "0s"}, "no fuzzing time"},
		{[]string{"--rate-limit", "0"}, "no limit to check"},
	} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), tc.args, &out, &errOut, noEnv)
		require.Error(t, err, tc.reason)
		assert.Equal(t, 2, exitCode(err), "%s: %v", tc.reason, err)
	}
}

func TestFuzzCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"fuzz", "--duration", "1s", "--quiet"}, &out, &errOut, noEnv)
	require.NoError(t, err, out.String())
	assert.Contains(t, out.String(), "PASS against")
}
