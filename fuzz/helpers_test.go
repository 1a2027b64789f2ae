package fuzz_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/tencentdb-kit/initdb-conform/client"
	"github.com/tencentdb-kit/initdb-conform/emulator"
	"github.com/tencentdb-kit/initdb-conform/fuzz"
	"github.com/tencentdb-kit/initdb-conform/fuzz/inproc"
	"github.com/tencentdb-kit/initdb-conform/signer"
	"github.com/tencentdb-kit/initdb-conform/wire"
)

// The two accounts of the property tests: A is the documents' example key,
// B another tenant of the same emulator.
const (
	accountA = "account-1" // the id emulator.WithCredential gives the first key
	accountB = "account-2"
	secretB  = "AKIDpropertyAccountBEXAMPLE"
	keyB     = "propertyAccountBSecretKeyEXAMPLE"
	region   = "ap-guangzhou"
	unixNow  = 1_700_000_000
)

func clock() time.Time { return time.Unix(unixNow, 0) }

// The contract's code families, literally (CONTRACT §4, §5).
var (
	inst1Codes    = []string{"ResourceNotFound.InstanceNotFoundError", "InvalidParameterValue.InstanceNotExist"}
	inst2Codes    = []string{"OperationDenied.InstanceStatusLimitOpError", "ResourceUnavailable.InvalidInstanceStatus"}
	accountCodes  = []string{"InvalidParameterValue.InvalidAccountError", "InvalidParameterValue.InvalidAccountFormat", "InvalidParameterValue.InvalidAccountNameError", "InvalidParameterValue.InvalidAccountNameFormatError"}
	passwordCodes = []string{"InvalidParameterValue.InvalidPasswordFormat", "InvalidParameterValue.InvalidPasswordLengthError", "InvalidParameterValue.InvalidPasswordValueError"}
	charsetCodes  = []string{"InvalidParameterValue.InvalidCharset", "InvalidParameterValue.CharsetNotFoundError"}
)

// newEmulator returns an emulator serving accounts A and B at the fixed
// clock, without a rate limit (RATE-1 is not under test here), its instance
// ids drawn from seed.
func newEmulator(t rapid.TB, seed uint64) *emulator.Emulator {
	e, err := emulator.New(
		emulator.WithCredential(emulator.DefaultSecretID, emulator.DefaultSecretKey),
		emulator.WithCredential(secretB, keyB),
		emulator.WithClock(clock),
		emulator.WithRateLimit(0),
		emulator.WithSeed(seed),
	)
	if err != nil {
		t.Fatalf("emulator.New: %v", err)
	}
	return e
}

// newClient returns a client for the account with the given key, signing at
// the emulator's time.
func newClient(secretID, secretKey string) *client.Client {
	return &client.Client{
		BaseURL:    "http://postgres.tencentcloudapi.com",
		Credential: signer.Credential{SecretID: secretID, SecretKey: secretKey},
		Region:     region,
		Now:        clock,
	}
}

// send builds req with c, serves it on e in process and checks the envelope.
func send(t rapid.TB, e *emulator.Emulator, c *client.Client, req client.Request) *inproc.Answer {
	t.Helper()
	hr, err := c.Build(context.Background(), req)
	if err != nil {
		t.Fatalf("building %s %s: %v", req.Style, req.Action, err)
	}
	ans, err := inproc.ServeAndCheck(e, hr)
	if err != nil {
		t.Fatalf("%s %s: the answer breaks the envelope:\n%v\nbody: %.400s", req.Style, req.Action, err, ans.Body)
	}
	return ans
}

// expect fails unless ans has a code of the family (nil: a success).
func expect(t rapid.TB, ans *inproc.Answer, what string, family []string) {
	t.Helper()
	switch {
	case family == nil && !ans.Success():
		t.Fatalf("%s: got %s, want a success", what, ans.Code)
	case family != nil && !fuzz.InFamily(ans.Code, family...):
		t.Fatalf("%s: got %q, want one of %v", what, ans.Code, family)
	}
}

var styles = rapid.SampledFrom(wire.Styles())

func initRequest(style wire.Style, ids []string, name, pwd, charset string) client.Request {
	set := make([]any, len(ids))
	for i, id := range ids {
		set[i] = id
	}
	return client.Request{Style: style, Action: "InitDBInstances", Params: map[string]any{
		"DBInstanceIdSet": set, "AdminName": name, "AdminPassword": pwd, "Charset": charset,
	}}
}

// addSeeds adds the registry's seeds of a rapid bridge.
func addSeeds(f *testing.F, name string) {
	seeds, err := fuzz.Seeds(name)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range seeds {
		f.Add(s...)
	}
}

// jsonUnmarshalResponse decodes the Response object of an answer into v.
func jsonUnmarshalResponse(ans *inproc.Answer, v any) error {
	b, err := json.Marshal(ans.Response)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}
