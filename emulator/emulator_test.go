package emulator_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tencentdb-kit/initdb-conform/client"
	"github.com/tencentdb-kit/initdb-conform/emulator"
	"github.com/tencentdb-kit/initdb-conform/signer"
	"github.com/tencentdb-kit/initdb-conform/wire"
)

const (
	region   = "ap-guangzhou"
	password = "A8b!C2d#E4f&"
)

func newClient(srv *emulator.Server) *client.Client {
	return &client.Client{
		BaseURL:    srv.URL,
		Credential: signer.Credential{SecretID: emulator.DefaultSecretID, SecretKey: emulator.DefaultSecretKey},
		Region:     region,
	}
}

func initParams(ids ...string) map[string]any {
	return map[string]any{"DBInstanceIdSet": ids, "AdminName": "dbadmin", "AdminPassword": password, "Charset": "UTF8"}
}

func send(t *testing.T, c *client.Client, req client.Request) *client.Response {
	t.Helper()
	resp, err := c.Send(context.Background(), req)
	require.NoError(t, err)
	require.NoError(t, resp.ParseErr, "body: %s", resp.Body)
	assert.Equal(t, http.StatusOK, resp.Status)
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	assert.Equal(t, resp.RequestID, resp.Header.Get("X-TC-RequestId"))
	return resp
}

func TestEveryStyleCreatesInitsAndDescribes(t *testing.T) {
	srv := emulator.Start()
	defer srv.Close()
	c := newClient(srv)
	for _, style := range wire.Styles() {
		t.Run(string(style), func(t *testing.T) {
			created := send(t, c, client.Request{Style: style, Action: "CreateDBInstances", Params: map[string]any{
				"SpecCode": "pg.it.medium4", "Storage": 10, "InstanceCount": 2, "Period": 1, "Zone": "ap-guangzhou-3",
			}})
			require.Empty(t, created.Code, created.Message)
			ids := toStrings(created.Envelope["DBInstanceIdSet"])
			require.Len(t, ids, 2)

			inited := send(t, c, client.Request{Style: style, Action: "InitDBInstances", Params: initParams(ids[1], ids[0])})
			require.Empty(t, inited.Code, inited.Message)
			assert.ElementsMatch(t, ids, toStrings(inited.Envelope["DBInstanceIdSet"]))

			desc := send(t, c, client.Request{Style: style, Action: "DescribeDBInstances", Params: map[string]any{
				"Filters": []any{map[string]any{"Name": "db-instance-id", "Values": []any{ids[0], ids[1]}}},
			}})
			require.Empty(t, desc.Code, desc.Message)
			assert.EqualValues(t, 2, desc.Envelope["TotalCount"])
			for _, inst := range desc.Envelope["DBInstanceSet"].([]any) {
				m := inst.(map[string]any)
				assert.Equal(t, "running", m["DBInstanceStatus"])
				assert.Equal(t, "UTF8", m["DBCharset"])
				assert.Equal(t, region, m["Region"])
			}

			again := send(t, c, client.Request{Style: style, Action: "InitDBInstances", Params: initParams(ids[0])})
			assert.Equal(t, "OperationDenied.InstanceStatusLimitOpError", again.Code, "INST-4: a second init is refused")
		})
	}
}

func toStrings(v any) []string {
	var out []string
	for _, e := range v.([]any) {
		out = append(out, e.(string))
	}
	return out
}

// TestConcurrentInitHasOneWinner is INST-4 under -race: many requests for
// the same instances at once, exactly one succeeds.
func TestConcurrentInitHasOneWinner(t *testing.T) {
	srv := emulator.Start(emulator.WithRateLimit(0))
	defer srv.Close()
	c := newClient(srv)
	for round := 0; round < 5; round++ {
		ids := srv.CreateInstances(emulator.DefaultSecretID, region, 3)
		var wins, denied atomic.Int32
		var wg sync.WaitGroup
		for i := 0; i < 16; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				style := wire.Styles()[i%4]
				resp, err := c.Send(context.Background(), client.Request{Style: style, Action: "InitDBInstances", Params: initParams(ids[i%3], ids[(i+1)%3], ids[(i+2)%3])})
				if !assert.NoError(t, err) {
					return
				}
				switch resp.Code {
				case "":
					wins.Add(1)
				case "OperationDenied.InstanceStatusLimitOpError":
					denied.Add(1)
				default:
					t.Errorf("unexpected code %s: %s", resp.Code, resp.Message)
				}
			}(i)
		}
		wg.Wait()
		assert.EqualValues(t, 1, wins.Load(), "round %d", round)
		assert.EqualValues(t, 15, denied.Load(), "round %d", round)
		for _, id := range ids {
			inst, ok := srv.Instance(id)
			require.True(t, ok)
			assert.Equal(t, emulator.StatusRunning, inst.Status)
		}
	}
}

func TestAllOrNothing(t *testing.T) {
	srv := emulator.Start()
	defer srv.Close()
	c := newClient(srv)
	ids := srv.CreateInstances(emulator.DefaultSecretID, region, 2)
	resp := send(t, c, client.Request{Style: wire.StyleTC3JSON, Action: "InitDBInstances", Params: initParams(ids[0], "postgres-zzzzzzzz", ids[1])})
	assert.Equal(t, "ResourceNotFound.InstanceNotFoundError", resp.Code)
	for _, id := range ids {
		inst, _ := srv.Instance(id)
		assert.Equal(t, emulator.StatusInit, inst.Status, "INST-3: no instance changes")
	}
}

func TestAccountsAreIsolated(t *testing.T) {
	srv := emulator.Start(emulator.WithCredential("AKIDone", "key-one"), emulator.WithCredential("AKIDtwo", "key-two"))
	defer srv.Close()
	one := &client.Client{BaseURL: srv.URL, Credential: signer.Credential{SecretID: "AKIDone", SecretKey: "key-one"}, Region: region}
	two := &client.Client{BaseURL: srv.URL, Credential: signer.Credential{SecretID: "AKIDtwo", SecretKey: "key-two"}, Region: region}
	ids := srv.CreateInstances("AKIDone", region, 1)
	resp := send(t, two, client.Request{Style: wire.StyleTC3JSON, Action: "InitDBInstances", Params: initParams(ids[0])})
	assert.Equal(t, "ResourceNotFound.InstanceNotFoundError", resp.Code, "INST-1: another account's instance is reported as missing")
	desc := send(t, two, client.Request{Style: wire.StyleTC3JSON, Action: "DescribeDBInstances"})
	assert.EqualValues(t, 0, desc.Envelope["TotalCount"])
	// Another region of the same account does not see it either.
	other := &client.Client{BaseURL: srv.URL, Credential: one.Credential, Region: "ap-beijing"}
	resp = send(t, other, client.Request{Style: wire.StyleTC3JSON, Action: "InitDBInstances", Params: initParams(ids[0])})
	assert.Equal(t, "ResourceNotFound.InstanceNotFoundError", resp.Code)
	resp = send(t, one, client.Request{Style: wire.StyleTC3JSON, Action: "InitDBInstances", Params: initParams(ids[0])})
	assert.Empty(t, resp.Code)
}

func TestRateLimitPerAccount(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	srv := emulator.Start(emulator.WithClock(clock), emulator.WithRateLimit(5),
		emulator.WithCredential("AKIDone", "key-one"), emulator.WithCredential("AKIDtwo", "key-two"))
	defer srv.Close()
	one := &client.Client{BaseURL: srv.URL, Credential: signer.Credential{SecretID: "AKIDone", SecretKey: "key-one"}, Region: region, Now: clock}
	two := &client.Client{BaseURL: srv.URL, Credential: signer.Credential{SecretID: "AKIDtwo", SecretKey: "key-two"}, Region: region, Now: clock}
	bad := initParams("postgres-zzzzzzzz") // served (as not found), so it counts
	codes := map[string]int{}
	for i := 0; i < 10; i++ {
		codes[send(t, one, client.Request{Style: wire.StyleTC3JSON, Action: "InitDBInstances", Params: bad}).Code]++
	}
	assert.Equal(t, map[string]int{"ResourceNotFound.InstanceNotFoundError": 5, "RequestLimitExceeded": 5}, codes)
	assert.Equal(t, "ResourceNotFound.InstanceNotFoundError", send(t, two, client.Request{Style: wire.StyleTC3JSON, Action: "InitDBInstances", Params: bad}).Code, "RATE-1: another account is not affected")
	mu.Lock()
	now = now.Add(1001 * time.Millisecond)
	mu.Unlock()
	assert.Equal(t, "ResourceNotFound.InstanceNotFoundError", send(t, one, client.Request{Style: wire.StyleTC3JSON, Action: "InitDBInstances", Params: bad}).Code, "RATE-1: a second later it is served again")
}

func TestFaultInjection(t *testing.T) {
	srv := emulator.Start(emulator.WithFaultHeader(true))
	defer srv.Close()
	c := newClient(srv)
	ids := srv.CreateInstances(emulator.DefaultSecretID, region, 2)
	require.NoError(t, srv.InjectFault(emulator.Fault{Code: "FailedOperation.FlowCreateError", InstanceID: ids[0], Count: 1}))
	resp := send(t, c, client.Request{Style: wire.StyleTC3JSON, Action: "InitDBInstances", Params: initParams(ids[0])})
	assert.Equal(t, "FailedOperation.FlowCreateError", resp.Code)
	inst, _ := srv.Instance(ids[0])
	assert.Equal(t, emulator.StatusInit, inst.Status, "a fault changes nothing")
	resp = send(t, c, client.Request{Style: wire.StyleTC3JSON, Action: "InitDBInstances", Params: initParams(ids[0])})
	assert.Empty(t, resp.Code, "a counted fault expires")

	resp = send(t, c, client.Request{Style: wire.StyleTC3JSON, Action: "InitDBInstances", Params: initParams(ids[1]),
		Header: http.Header{emulator.FaultHeader: {"InternalError.SystemError"}}})
	assert.Equal(t, "InternalError.SystemError", resp.Code)

	assert.Error(t, srv.InjectFault(emulator.Fault{Code: "Made.Up"}), "only documented codes")
}

func TestParseFault(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want emulator.Fault
		err  bool
	}{
		{in: "InternalError.SystemError", want: emulator.Fault{Code: "InternalError.SystemError"}},
		{in: "InternalError.DBError@postgres-abcd1234", want: emulator.Fault{Code: "InternalError.DBError", InstanceID: "postgres-abcd1234"}},
		{in: "FailedOperation.FlowCreateError:InitDBInstances*3", want: emulator.Fault{Code: "FailedOperation.FlowCreateError", Action: "InitDBInstances", Count: 3}},
		{in: "Nope", err: true},
		{in: "InternalError@postgres-x", err: true},
		{in: "InternalError*0", err: true},
		{in: "InternalError:Foo", err: true},
	} {
		got, err := emulator.ParseFault(tc.in)
		if tc.err {
			assert.Error(t, err, tc.in)
			continue
		}
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got, tc.in)
	}
}

func TestLanguage(t *testing.T) {
	srv := emulator.Start()
	defer srv.Close()
	c := newClient(srv)
	c.Language = "en-US"
	resp := send(t, c, client.Request{Style: wire.StyleTC3JSON, Action: "InitDBInstances", Params: initParams("postgres-zzzzzzzz")})
	assert.True(t, strings.HasPrefix(resp.Message, "The instance does not exist."), resp.Message)
	c.Language = "zh-CN"
	resp = send(t, c, client.Request{Style: wire.StyleV1GET, Action: "InitDBInstances", Params: initParams("postgres-zzzzzzzz")})
	assert.True(t, strings.HasPrefix(resp.Message, "实例不存在"), resp.Message)
	c.Language = "fr-FR"
	resp = send(t, c, client.Request{Style: wire.StyleTC3JSON, Action: "InitDBInstances", Params: initParams("postgres-zzzzzzzz")})
	assert.Equal(t, "InvalidParameterValue", resp.Code, "COMMON-4")
}

func TestRequestIDsAreUniqueUUIDs(t *testing.T) {
	srv := emulator.Start()
	defer srv.Close()
	c := newClient(srv)
	seen := map[string]bool{}
	for i := 0; i < 50; i++ {
		resp := send(t, c, client.Request{Style: wire.Styles()[i%4], Action: "DescribeDBInstances"})
		require.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, resp.RequestID)
		require.False(t, seen[resp.RequestID], fmt.Sprint("duplicate ", resp.RequestID))
		seen[resp.RequestID] = true
	}
}
