package conformance

import (
	"sync"
	"time"

	"github.com/tencentdb-kit/initdb-conform/client"
)

func rateCases() []tcase {
	return []tcase{{id: "RATE-1/burst", title: "a burst of 2N InitDBInstances in one second meets RequestLimitExceeded; another account does not; a second later it is served again",
		area: "Rate limit", rules: []string{"RATE-1"}, level: MUST, needs: needRateCheck,
		run: func(x *exec) {
			n := 2 * x.r.o.RateLimit
			sends := make([]func(bool) *client.Response, n)
			for i := range sends {
				sends[i] = x.prepare(x.r.c1, initReq(tc3JSON, x.r.absentIDs(1)))
			}
			x.unpaced = true
			counts := map[string]int{}
			var mu sync.Mutex
			var wg sync.WaitGroup
			for _, send := range sends {
				wg.Add(1)
				go func() {
					defer wg.Done()
					resp := send(true)
					mu.Lock()
					defer mu.Unlock()
					if resp != nil {
						counts[code(resp)]++
					}
				}()
			}
			wg.Wait()
			x.res.Expected = []string{"at least one RequestLimitExceeded"}
			x.res.Actual = formatCounts(counts)
			if counts["RequestLimitExceeded"] == 0 {
				x.failf("no RequestLimitExceeded in a burst of %d requests", n)
				return
			}
			if x.r.c2 != nil {
				other := x.send(x.r.c2, initReq(tc3JSON, x.r.absentIDs(1)), true)
				if other != nil && other.Code == "RequestLimitExceeded" {
					x.failf("another account was limited by the first one's burst")
				}
			}
			select {
			case <-time.After(1100 * time.Millisecond):
			case <-x.ctx.Done():
				return
			}
			later := x.send(x.r.c1, initReq(tc3JSON, x.r.absentIDs(1)), true)
			if later != nil && later.Code == "RequestLimitExceeded" {
				x.failf("a request a second after the burst was still limited")
			}
		}}}
}
