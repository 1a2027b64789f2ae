package conformance

import (
	"slices"
	"sync"

	"github.com/tencentdb-kit/initdb-conform/client"
	"github.com/tencentdb-kit/initdb-conform/wire"
)

// fresh returns n instances in status init the case may initialise: new
// ones in emulator mode, given ones in mutating mode. It returns nil, and
// skips the case, when there are none.
func (x *exec) fresh(n int) []string {
	switch x.r.o.Mode {
	case ModeEmulator:
		if ids, ok := x.r.take(x, n); ok {
			return ids
		}
		x.skipf("needs instances in status init: %s", x.r.noCreate)
		return nil
	case ModeMutating:
		x.r.mu.Lock()
		defer x.r.mu.Unlock()
		if len(x.r.given) < n {
			x.skipf("needs %d more instance(s) given with --instance", n-len(x.r.given))
			return nil
		}
		ids := slices.Clone(x.r.given[:n])
		x.r.given = x.r.given[n:]
		return ids
	}
	x.skipf("changes instances: not in safe mode (SAFE-1)")
	return nil
}

// describeStatus returns the status of id as DescribeDBInstances reports
// it, or "" when the target does not answer it.
func (x *exec) describeStatus(c *client.Client, id string) (status string, found bool) {
	resp := x.send(c, client.Request{Style: tc3JSON, Action: "DescribeDBInstances", Params: map[string]any{
		"Filters": []any{map[string]any{"Name": "db-instance-id", "Values": []any{id}}},
	}}, false)
	if resp == nil || resp.Code != "" {
		return "", false
	}
	set, _ := resp.Envelope["DBInstanceSet"].([]any)
	for _, e := range set {
		m, _ := e.(map[string]any)
		if m["DBInstanceId"] == id {
			s, _ := m["DBInstanceStatus"].(string)
			return s, true
		}
	}
	return "", true
}

// sameSet reports whether the answer's DBInstanceIdSet holds exactly ids.
func sameSet(resp *client.Response, ids []string) bool {
	got := stringList(resp.Envelope["DBInstanceIdSet"])
	want := slices.Clone(ids)
	slices.Sort(got)
	slices.Sort(want)
	return slices.Equal(slices.Compact(got), slices.Compact(want)) && len(got) == len(slices.Compact(slices.Clone(want)))
}

func instanceCases() []tcase {
	const area = "Instances"
	return []tcase{
		one("INST-1/absent", "ids that do not exist are reported as not found", area, MUST, []string{"INST-1"},
			func(x *exec) (client.Request, expect) {
				return initReq(tc3JSON, x.absentIDs(2)), accept(inst1Codes...).prefer(inst1Codes[0])
			}),
		{id: "INST-4/init-then-describe", title: "an initialised instance leaves init; describe shows it", area: area, rules: []string{"INST-4", "INST-5"}, level: MUST, needs: needInstances,
			run: func(x *exec) {
				ids := x.fresh(1)
				if ids == nil {
					return
				}
				resp := x.send(x.r.c1, initReq(tc3JSON, ids), false)
				x.judge(resp, accept(Success))
				if resp == nil || resp.Code != "" {
					return
				}
				if !sameSet(resp, ids) {
					x.failf("INST-5: the answer's DBInstanceIdSet is not the requested set")
				}
				if status, answered := x.describeStatus(x.r.c1, ids[0]); answered && (status == "init" || status == "") {
					x.failf("INST-4: after success DescribeDBInstances reports status %q", status)
				}
			}},
		{id: "INST-4/re-init-refused", title: "initialising an instance a second time is refused", area: area, rules: []string{"INST-4", "INST-2"}, level: MUST, needs: needInstances,
			run: func(x *exec) {
				ids := x.fresh(1)
				if ids == nil {
					return
				}
				first := x.send(x.r.c1, initReq(v1Form, ids), false)
				if first == nil || first.Code != "" {
					x.judge(first, accept(Success))
					return
				}
				x.judge(x.send(x.r.c1, initReq(tc3JSON, ids), true), accept(inst2Codes...).prefer(inst2Codes[0]))
			}},
		{id: "INST-3/all-or-nothing-missing", title: "one absent id among good ones: refused, and the good ones stay in init", area: area, rules: []string{"INST-3", "INST-1"}, level: MUST, needs: needInstances,
			run: func(x *exec) {
				ids := x.fresh(2)
				if ids == nil {
					return
				}
				mixed := []string{ids[0], x.r.absentIDs(1)[0], ids[1]}
				x.judge(x.send(x.r.c1, initReq(tc3JSON, mixed), true), accept(inst1Codes...).prefer(inst1Codes[0]))
				after := x.send(x.r.c1, initReq(tc3GET, ids), false)
				if after != nil && after.Code != "" {
					x.failf("INST-3: the good instances changed: initialising them afterwards got %s", after.Code)
				}
			}},
		{id: "INST-3/all-or-nothing-status", title: "one running instance among instances in init: refused, the others stay in init", area: area, rules: []string{"INST-3", "INST-2"}, level: MUST, needs: needInstances,
			run: func(x *exec) {
				ids := x.fresh(2)
				if ids == nil {
					return
				}
				if first := x.send(x.r.c1, initReq(tc3JSON, ids[:1]), false); first == nil || first.Code != "" {
					x.judge(first, accept(Success))
					return
				}
				x.judge(x.send(x.r.c1, initReq(tc3JSON, []string{ids[1], ids[0]}), true), accept(inst2Codes...).prefer(inst2Codes[0]))
				after := x.send(x.r.c1, initReq(tc3JSON, ids[1:]), false)
				if after != nil && after.Code != "" {
					x.failf("INST-3: the instance in init changed: initialising it afterwards got %s", after.Code)
				}
			}},
		{id: "INST-5/answer-is-the-set", title: "the answer holds exactly the requested ids, in any order", area: area, rules: []string{"INST-5", "RESP-3"}, level: MUST, needs: needInstances,
			run: func(x *exec) {
				ids := x.fresh(3)
				if ids == nil {
					return
				}
				resp := x.send(x.r.c1, initReq(v1GET, []string{ids[2], ids[0], ids[1]}), false)
				x.judge(resp, accept(Success))
				if resp != nil && resp.Code == "" && !sameSet(resp, ids) {
					x.failf("the answer's DBInstanceIdSet is not the requested set")
				}
			}},
		{id: "PARAM-IDS-3/duplicates-are-one", title: "a duplicated id is initialised once and answered once", area: "Parameters", rules: []string{"PARAM-IDS-3", "INST-5"}, level: SHOULD, needs: needInstances,
			run: func(x *exec) {
				ids := x.fresh(1)
				if ids == nil {
					return
				}
				resp := x.send(x.r.c1, initReq(tc3JSON, []string{ids[0], ids[0]}), false)
				x.judge(resp, accept(Success))
				if resp != nil && resp.Code == "" && !slices.Equal(stringList(resp.Envelope["DBInstanceIdSet"]), ids) {
					x.warnf("the answer does not hold the id exactly once")
				}
			}},
		{id: "PARAM-IDS-1/hundred-ids", title: "100 ids in one request are served", area: "Parameters", rules: []string{"PARAM-IDS-1", "INST-5"}, level: MUST, needs: needInstances,
			run: func(x *exec) {
				if x.r.o.Mode != ModeEmulator {
					x.skipf("needs 100 instances: emulator only")
					return
				}
				ids := x.fresh(100)
				if ids == nil {
					return
				}
				resp := x.send(x.r.c1, initReq(tc3JSON, ids), false)
				x.judge(resp, accept(Success))
				if resp != nil && resp.Code == "" && !sameSet(resp, ids) {
					x.failf("INST-5: the answer's DBInstanceIdSet is not the requested set")
				}
			}},
		{id: "INST-1/other-region", title: "an instance is not found from another region", area: area, rules: []string{"INST-1"}, level: MUST, needs: needInstances,
			run: func(x *exec) {
				ids := x.fresh(1)
				if ids == nil {
					return
				}
				req := initReq(tc3JSON, ids)
				req.Common = map[string]string{"Region": otherRegion(x.r.o.Region)}
				x.judge(x.send(x.r.c1, req, true), accept(inst1Codes...).prefer(inst1Codes[0]))
			}},
		{id: "INST-1/other-account", title: "another account can neither see nor initialise the instance", area: area, rules: []string{"INST-1"}, level: MUST, needs: needInstances | needSecond,
			run: func(x *exec) {
				ids := x.fresh(1)
				if ids == nil {
					return
				}
				x.judge(x.send(x.r.c2, initReq(tc3JSON, ids), true), accept(inst1Codes...).prefer(inst1Codes[0]))
				if status, answered := x.describeStatus(x.r.c2, ids[0]); answered && status != "" {
					x.failf("INST-1: the other account's DescribeDBInstances lists the instance")
				}
				if x.r.o.Mode == ModeEmulator {
					if own := x.send(x.r.c1, initReq(tc3JSON, ids), false); own != nil && own.Code != "" {
						x.failf("the owner could not initialise the instance afterwards: %s", own.Code)
					}
				}
			}},
		{id: "INST-4/concurrent-one-winner", title: "8 concurrent requests for one instance: exactly one succeeds, the others get an INST-2 code", area: area, rules: []string{"INST-4"}, level: MUST, needs: needInstances | needUnpaced,
			run: func(x *exec) {
				ids := x.fresh(1)
				if ids == nil {
					return
				}
				const n = 8
				sends := make([]func(bool) *client.Response, n)
				for i := range sends {
					sends[i] = x.prepare(x.r.c1, initReq(wire.Styles()[i%4], ids))
				}
				x.unpaced = true
				var mu sync.Mutex
				var wg sync.WaitGroup
				counts := map[string]int{}
				for i := range sends {
					wg.Add(1)
					go func(send func(bool) *client.Response) {
						defer wg.Done()
						resp := send(false)
						mu.Lock()
						defer mu.Unlock()
						if resp == nil {
							counts["(no answer)"]++
						} else {
							counts[code(resp)]++
						}
					}(sends[i])
				}
				wg.Wait()
				x.res.Expected = []string{"1 × Success", "7 × " + inst2Codes[0]}
				x.res.Actual = formatCounts(counts)
				denied := counts[inst2Codes[0]] + counts[inst2Codes[1]]
				if counts[Success] != 1 || denied != n-1 {
					x.failf("%d succeeded and %d were refused with an INST-2 code", counts[Success], denied)
				}
			}},
	}
}

func otherRegion(r string) string {
	if r == "ap-beijing" {
		return "ap-shanghai"
	}
	return "ap-beijing"
}
