package emulator_test

import (
	"bytes"
	"context"
	"io"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/tencentdb-kit/initdb-conform/client"
	"github.com/tencentdb-kit/initdb-conform/emulator"
	"github.com/tencentdb-kit/initdb-conform/signer"
	"github.com/tencentdb-kit/initdb-conform/wire"
)

// BenchmarkServe measures the emulator alone on a signed InitDBInstances
// request (refused for an absent instance, so that state does not change),
// per request style.
func BenchmarkServe(b *testing.B) {
	now := time.Unix(1_700_000_000, 0)
	emu, err := emulator.New(emulator.WithRateLimit(0), emulator.WithClock(func() time.Time { return now }))
	if err != nil {
		b.Fatal(err)
	}
	c := &client.Client{BaseURL: "http://127.0.0.1:9000", Region: "ap-guangzhou", Now: func() time.Time { return now },
		Credential: signer.Credential{SecretID: emulator.DefaultSecretID, SecretKey: emulator.DefaultSecretKey}}
	for _, style := range []wire.Style{wire.StyleTC3JSON, wire.StyleTC3GET} {
		b.Run(string(style), func(b *testing.B) {
			hr, err := c.Build(context.Background(), client.Request{Style: style, Action: "InitDBInstances", Params: initParams("postgres-zzzzzzzz")})
			if err != nil {
				b.Fatal(err)
			}
			body, _ := io.ReadAll(hr.Body)
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(hr.Method, hr.URL.String(), bytes.NewReader(body))
				req.Header = hr.Header
				req.Host = hr.URL.Host
				w := httptest.NewRecorder()
				emu.ServeHTTP(w, req)
			}
		})
	}
}
