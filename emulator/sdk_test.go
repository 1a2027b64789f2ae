package emulator_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	sdkerrors "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	postgres "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/postgres/v20170312"

	"github.com/tencentdb-kit/initdb-conform/emulator"
	"github.com/tencentdb-kit/initdb-conform/wire"
)

// sdkMode is one way the official Go SDK can sign and send a request.
type sdkMode struct {
	name       string
	signMethod string // profile.ClientProfile.SignMethod
	reqMethod  string // profile.HttpProfile.ReqMethod
	style      wire.Style
}

// sdkModes are the request styles of TRANS-3 as the official SDK produces
// them. Its v1 signer (common.sendWithSignatureV1) builds the URL and body
// from the same parameters for GET and POST, so v1 is tried both ways.
var sdkModes = []sdkMode{
	{name: "TC3-POST", signMethod: "TC3-HMAC-SHA256", reqMethod: "POST", style: wire.StyleTC3JSON},
	{name: "TC3-GET", signMethod: "TC3-HMAC-SHA256", reqMethod: "GET", style: wire.StyleTC3GET},
	{name: "HmacSHA256-GET", signMethod: "HmacSHA256", reqMethod: "GET", style: wire.StyleV1GET},
	{name: "HmacSHA256-POST", signMethod: "HmacSHA256", reqMethod: "POST", style: wire.StyleV1Form},
	{name: "HmacSHA1-GET", signMethod: "HmacSHA1", reqMethod: "GET", style: wire.StyleV1GET},
	{name: "HmacSHA1-POST", signMethod: "HmacSHA1", reqMethod: "POST", style: wire.StyleV1Form},
}

// sdkClient returns an official SDK client for srv in mode. The region
// breaker stays disabled (NewClientProfile's default), so the SDK never
// rewrites the host to a real Tencent domain.
func sdkClient(t *testing.T, srv *emulator.Server, mode sdkMode, secretID, secretKey, language string) *postgres.Client {
	t.Helper()
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint = srv.Endpoint
	cpf.HttpProfile.Scheme = "HTTP"
	cpf.HttpProfile.ReqMethod = mode.reqMethod
	cpf.HttpProfile.ReqTimeout = 10
	cpf.SignMethod = mode.signMethod
	if language != "" {
		cpf.Language = language
	}
	require.True(t, cpf.DisableRegionBreaker, "the region breaker must stay off against a local server")
	c, err := postgres.NewClient(common.NewCredential(secretID, secretKey), region, cpf)
	require.NoError(t, err)
	return c
}

func sdkString(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func sdkUint(p *uint64) uint64 {
	if p == nil {
		return 0
	}
	return *p
}

func sdkInitRequest(ids []string, adminPassword string) *postgres.InitDBInstancesRequest {
	req := postgres.NewInitDBInstancesRequest()
	req.DBInstanceIdSet = common.StringPtrs(ids)
	req.AdminName = common.StringPtr("dbadmin")
	req.AdminPassword = common.StringPtr(adminPassword)
	req.Charset = common.StringPtr("UTF8")
	return req
}

// sdkError asserts that err is the SDK's error for an envelope with code,
// carrying the envelope's RequestId, and returns it.
func sdkError(t *testing.T, err error, code, reason string) *sdkerrors.TencentCloudSDKError {
	t.Helper()
	require.Error(t, err, reason)
	var e *sdkerrors.TencentCloudSDKError
	require.True(t, errors.As(err, &e), "%s: not an SDK error: %v", reason, err)
	assert.Equal(t, code, e.GetCode(), "%s: %s", reason, e.GetMessage())
	assert.NotEmpty(t, e.GetRequestId(), "%s: RESP-1: the error carries the RequestId", reason)
	assert.NotEmpty(t, e.GetMessage(), "%s: RESP-2", reason)
	return e
}

func TestOfficialSDKInterop(t *testing.T) {
	for _, mode := range sdkModes {
		t.Run(mode.name, func(t *testing.T) {
			styles := &styleRecorder{seen: map[string]int{}}
			srv := emulator.Start(emulator.WithLogger(slog.New(styles)))
			defer srv.Close()
			c := sdkClient(t, srv, mode, emulator.DefaultSecretID, emulator.DefaultSecretKey, "")

			// Create → init → describe (TRANS-3, §8, INST-4, INST-5).
			create := postgres.NewCreateDBInstancesRequest()
			create.SpecCode = common.StringPtr("pg.it.medium4")
			create.Storage = common.Uint64Ptr(10)
			create.InstanceCount = common.Uint64Ptr(2)
			create.Period = common.Uint64Ptr(1)
			create.Zone = common.StringPtr("ap-guangzhou-3")
			created, err := c.CreateDBInstances(create)
			require.NoError(t, err)
			require.NotNil(t, created.Response)
			require.Len(t, created.Response.DBInstanceIdSet, 2)
			ids := common.StringValues(created.Response.DBInstanceIdSet)
			assert.NotEmpty(t, sdkString(created.Response.RequestId))

			inited, err := c.InitDBInstances(sdkInitRequest([]string{ids[1], ids[0]}, password))
			require.NoError(t, err)
			assert.ElementsMatch(t, ids, common.StringValues(inited.Response.DBInstanceIdSet), "INST-5: exactly the requested ids, as a set")
			assert.NotEmpty(t, sdkString(inited.Response.RequestId))

			describe := postgres.NewDescribeDBInstancesRequest()
			describe.Filters = []*postgres.Filter{{Name: common.StringPtr("db-instance-id"), Values: common.StringPtrs(ids)}}
			described, err := c.DescribeDBInstances(describe)
			require.NoError(t, err)
			assert.EqualValues(t, 2, sdkUint(described.Response.TotalCount))
			require.Len(t, described.Response.DBInstanceSet, 2)
			var seen []string
			for _, inst := range described.Response.DBInstanceSet {
				seen = append(seen, sdkString(inst.DBInstanceId))
				assert.Equal(t, "running", sdkString(inst.DBInstanceStatus), "INST-4")
				assert.Equal(t, "UTF8", sdkString(inst.DBCharset))
				assert.Equal(t, region, sdkString(inst.Region))
			}
			assert.ElementsMatch(t, ids, seen)

			// The SDK surfaces the contract's codes.
			fresh := srv.CreateInstances(emulator.DefaultSecretID, region, 1)
			for _, tc := range []struct {
				name   string
				client *postgres.Client
				req    *postgres.InitDBInstancesRequest
				code   string
				reason string
			}{
				{name: "short password", client: c, req: sdkInitRequest(fresh, "short"),
					code: "InvalidParameterValue.InvalidPasswordLengthError", reason: "PARAM-PWD-1"},
				{name: "no upper case", client: c, req: sdkInitRequest(fresh, "a8b!c2d#e4f&"),
					code: "InvalidParameterValue.InvalidPasswordValueError", reason: "PARAM-PWD-2"},
				{name: "unknown instance", client: c, req: sdkInitRequest([]string{"postgres-zzzzzzzz"}, password),
					code: "ResourceNotFound.InstanceNotFoundError", reason: "INST-1"},
				{name: "wrong SecretKey", client: sdkClient(t, srv, mode, emulator.DefaultSecretID, "not-the-key", ""), req: sdkInitRequest(fresh, password),
					code: "AuthFailure.SignatureFailure", reason: "AUTH-5 / AUTH-V1-3"},
				{name: "unknown SecretId", client: sdkClient(t, srv, mode, "AKIDnobodyhasthiskey", emulator.DefaultSecretKey, ""), req: sdkInitRequest(fresh, password),
					code: "AuthFailure.SecretIdNotFound", reason: "AUTH-3 / AUTH-V1-3"},
				{name: "re-init", client: c, req: sdkInitRequest(ids[:1], password),
					code: "OperationDenied.InstanceStatusLimitOpError", reason: "INST-2, INST-4"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					_, err := tc.client.InitDBInstances(tc.req)
					sdkError(t, err, tc.code, tc.reason)
				})
			}
			inst, ok := srv.Instance(fresh[0])
			require.True(t, ok)
			assert.Equal(t, emulator.StatusInit, inst.Status, "INST-3: refused requests change nothing")

			// COMMON-4: en-US gives English; the SDK's default (zh-CN) Chinese.
			t.Run("Language", func(t *testing.T) {
				en := sdkClient(t, srv, mode, emulator.DefaultSecretID, emulator.DefaultSecretKey, "en-US")
				_, err := en.InitDBInstances(sdkInitRequest([]string{"postgres-zzzzzzzz"}, password))
				e := sdkError(t, err, "ResourceNotFound.InstanceNotFoundError", "COMMON-4")
				assert.True(t, strings.HasPrefix(e.GetMessage(), "The instance does not exist."), e.GetMessage())

				_, err = c.InitDBInstances(sdkInitRequest([]string{"postgres-zzzzzzzz"}, password))
				e = sdkError(t, err, "ResourceNotFound.InstanceNotFoundError", "COMMON-4")
				assert.True(t, strings.HasPrefix(e.GetMessage(), "实例不存在"), e.GetMessage())
			})

			// Every request of the mode arrived in the style it stands for.
			assert.Equal(t, []string{string(mode.style)}, styles.styles(), "TRANS-3")
		})
	}
}

// styleRecorder is a slog.Handler that counts the request styles the
// emulator logs, to show which of the TRANS-3 styles the SDK used.
type styleRecorder struct {
	mu   sync.Mutex
	seen map[string]int
}

func (s *styleRecorder) Enabled(context.Context, slog.Level) bool { return true }

func (s *styleRecorder) Handle(_ context.Context, r slog.Record) error {
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "style" {
			s.mu.Lock()
			s.seen[a.Value.String()]++
			s.mu.Unlock()
		}
		return true
	})
	return nil
}

func (s *styleRecorder) WithAttrs([]slog.Attr) slog.Handler { return s }
func (s *styleRecorder) WithGroup(string) slog.Handler      { return s }

func (s *styleRecorder) styles() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for k := range s.seen {
		out = append(out, k)
	}
	return out
}
