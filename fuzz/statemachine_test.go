package fuzz_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"pgregory.net/rapid"

	"github.com/tencentdb-kit/initdb-conform/client"
	"github.com/tencentdb-kit/initdb-conform/emulator"
	"github.com/tencentdb-kit/initdb-conform/fuzz/inproc"
)

// The state-machine test drives one emulator with random sequences of
// CreateDBInstances, InitDBInstances and DescribeDBInstances from two
// accounts, in all four request styles, and compares every answer with a
// model that is nothing but a map from instance id to owner and status.

// instanceID is PARAM-IDS-2's shape, written from the contract.
var instanceID = regexp.MustCompile(`^postgres-[a-z0-9]{8}$`)

type modelInstance struct {
	account string // accountA or accountB
	init    bool   // status init; false once initialized (initing or running)
}

type machine struct {
	emu     *emulator.Emulator
	clients map[string]*client.Client // by account
	model   map[string]*modelInstance
	order   []string // ids in creation order, for drawing
}

func newMachine(t *rapid.T) *machine {
	return &machine{
		emu: newEmulator(t, rapid.Uint64().Draw(t, "seed")),
		clients: map[string]*client.Client{
			accountA: newClient(emulator.DefaultSecretID, emulator.DefaultSecretKey),
			accountB: newClient(secretB, keyB),
		},
		model: map[string]*modelInstance{},
	}
}

// ids returns the ids of account's instances in the model, optionally only
// those still in status init or only those initialized.
func (m *machine) ids(account string, keep func(*modelInstance) bool) []string {
	var out []string
	for _, id := range m.order {
		if inst := m.model[id]; inst.account == account && (keep == nil || keep(inst)) {
			out = append(out, id)
		}
	}
	return out
}

func inInit(i *modelInstance) bool      { return i.init }
func initialized(i *modelInstance) bool { return !i.init }

// absentID draws a well-formed id that names no instance.
func (m *machine) absentID(t *rapid.T) string {
	suffix := []byte(rapid.StringMatching(`[a-z0-9]{8}`).Draw(t, "absentSuffix"))
	// Step through the alphabet instead of skipping the action when the
	// draw names an existing instance: rapid fails a run in which no action
	// can be taken.
	for i := 0; m.model["postgres-"+string(suffix)] != nil; i = (i + 1) % len(suffix) {
		suffix[i] = "abcdefghijklmnopqrstuvwxyz0123456789"[(strings.IndexByte("abcdefghijklmnopqrstuvwxyz0123456789", suffix[i])+1)%36]
	}
	return "postgres-" + string(suffix)
}

// expected is the model's answer to an InitDBInstances of account for ids
// in region: INST-1 if any id is not the caller's there, else INST-2 if any
// is not in init, else success (INST-3: all or nothing).
func (m *machine) expected(account, reg string, ids []string) []string {
	for _, id := range ids {
		inst := m.model[id]
		if inst == nil || inst.account != account || reg != region {
			return inst1Codes
		}
	}
	for _, id := range ids {
		if !m.model[id].init {
			return inst2Codes
		}
	}
	return nil
}

// initAndCheck sends one InitDBInstances and applies it to the model.
func (m *machine) initAndCheck(t *rapid.T, account, reg string, ids []string, what string) {
	req := initRequest(styles.Draw(t, "style"), ids, "testuser", "A8b!C2d#E4f&", "UTF8")
	if reg != region {
		req.Common = map[string]string{"Region": reg}
	}
	want := m.expected(account, reg, ids)
	ans := send(t, m.emu, m.clients[account], req)
	expect(t, ans, fmt.Sprintf("%s: InitDBInstances %v by %s in %s", what, ids, account, reg), want)
	if want != nil {
		return
	}
	got := slices.Sorted(slices.Values(ans.IDs))
	asked := slices.Compact(slices.Sorted(slices.Values(ids)))
	if !slices.Equal(got, asked) {
		t.Fatalf("%s: answered DBInstanceIdSet %v for %v (INST-5, PARAM-IDS-3)", what, ans.IDs, ids)
	}
	for _, id := range ids {
		m.model[id].init = false
	}
}

func (m *machine) Create(t *rapid.T) {
	m.create(t, rapid.SampledFrom([]string{accountA, accountB}).Draw(t, "account"), rapid.IntRange(1, 3).Draw(t, "count"))
}

// create makes n instances for account through CreateDBInstances and adds
// them to the model.
func (m *machine) create(t *rapid.T, account string, n int) []string {
	ans := send(t, m.emu, m.clients[account], client.Request{
		Style: styles.Draw(t, "style"), Action: "CreateDBInstances",
		Params: map[string]any{"SpecCode": "pg.it.medium4", "Storage": 10, "InstanceCount": n, "Period": 1, "Zone": region + "-3"},
	})
	expect(t, ans, "CreateDBInstances", nil)
	if len(ans.IDs) != n {
		t.Fatalf("CreateDBInstances of %d answered %v", n, ans.IDs)
	}
	for _, id := range ans.IDs {
		if !instanceID.MatchString(id) || m.model[id] != nil {
			t.Fatalf("CreateDBInstances answered id %q: malformed or already taken", id)
		}
		m.model[id] = &modelInstance{account: account, init: true}
		m.order = append(m.order, id)
	}
	return ans.IDs
}

// own returns the account's ids that keep accepts, first making one through
// the API when there is none, so that no action has to be skipped (rapid
// fails a run in which no action can be taken).
func (m *machine) own(t *rapid.T, account string, keep func(*modelInstance) bool) []string {
	if ids := m.ids(account, keep); len(ids) > 0 {
		return ids
	}
	ids := m.create(t, account, 1)
	if keep != nil && !keep(m.model[ids[0]]) {
		m.initAndCheck(t, account, region, ids, "initializing an instance to have one")
	}
	return ids
}

// drawOwn draws 1 to 3 of the account's ids, duplicates allowed.
func (m *machine) drawOwn(t *rapid.T, account string, keep func(*modelInstance) bool) []string {
	return rapid.SliceOfN(rapid.SampledFrom(m.own(t, account, keep)), 1, 3).Draw(t, "ids")
}

func (m *machine) InitOwn(t *rapid.T) {
	m.initAndCheck(t, accountA, region, m.drawOwn(t, accountA, nil), "own instances")
}

func (m *machine) InitMixed(t *rapid.T) {
	ids := append(m.drawOwn(t, accountA, inInit), m.absentID(t))
	ids = rapid.Permutation(ids).Draw(t, "order")
	m.initAndCheck(t, accountA, region, ids, "own and absent instances")
}

func (m *machine) InitAbsent(t *rapid.T) {
	m.initAndCheck(t, accountA, region, []string{m.absentID(t)}, "an absent instance")
}

func (m *machine) InitOtherAccount(t *rapid.T) {
	ids := m.drawOwn(t, accountB, nil)
	if rapid.Bool().Draw(t, "withOwn") {
		if own := m.ids(accountA, inInit); len(own) > 0 {
			ids = append(ids, rapid.SampledFrom(own).Draw(t, "own"))
		}
	}
	m.initAndCheck(t, accountA, region, ids, "another account's instances (INST-1: not revealed)")
}

func (m *machine) InitOtherRegion(t *rapid.T) {
	m.initAndCheck(t, accountA, "ap-beijing", m.drawOwn(t, accountA, inInit), "own instances named in another region")
}

func (m *machine) Reinit(t *rapid.T) {
	m.initAndCheck(t, accountA, region, m.drawOwn(t, accountA, initialized), "initialized instances (INST-4)")
}

func (m *machine) InitAsB(t *rapid.T) {
	m.initAndCheck(t, accountB, region, m.drawOwn(t, accountB, nil), "account B's own instances")
}

// ConcurrentInit sends 2 to 4 requests for one instance in status init at
// once: exactly one succeeds, the others get an INST-2 code (INST-4).
func (m *machine) ConcurrentInit(t *rapid.T) {
	id := rapid.SampledFrom(m.own(t, accountA, inInit)).Draw(t, "id")
	n := rapid.IntRange(2, 4).Draw(t, "concurrency")
	reqs := make([]client.Request, n)
	for i := range reqs {
		reqs[i] = initRequest(styles.Draw(t, "style"), []string{id}, "testuser", "A8b!C2d#E4f&", "UTF8")
	}
	c := m.clients[accountA]
	answers := make([]*inproc.Answer, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i, req := range reqs {
		hr, err := c.Build(context.Background(), req)
		if err != nil {
			t.Fatalf("building: %v", err)
		}
		wg.Go(func() { answers[i], errs[i] = inproc.ServeAndCheck(m.emu, hr) })
	}
	wg.Wait()
	wins := 0
	for i, ans := range answers {
		if errs[i] != nil {
			t.Fatalf("concurrent request %d: the answer breaks the envelope: %v", i, errs[i])
		}
		if ans.Success() {
			wins++
			continue
		}
		expect(t, ans, "a concurrent InitDBInstances that lost", inst2Codes)
	}
	if wins != 1 {
		t.Fatalf("%d concurrent InitDBInstances of %s: %d succeeded, want exactly 1 (INST-4)", n, id, wins)
	}
	m.model[id].init = false
}

// Describe lists the account's instances, all or filtered by id or status,
// and compares them with the model.
func (m *machine) Describe(t *rapid.T) {
	account := rapid.SampledFrom([]string{accountA, accountB}).Draw(t, "account")
	params := map[string]any{"Limit": 100}
	keep := func(string, *modelInstance) bool { return true }
	switch rapid.IntRange(0, 2).Draw(t, "filter") {
	case 1:
		if len(m.order) == 0 {
			break
		}
		id := rapid.SampledFrom(m.order).Draw(t, "filterID")
		params["Filters"] = []any{map[string]any{"Name": "db-instance-id", "Values": []any{id}}}
		keep = func(x string, _ *modelInstance) bool { return x == id }
	case 2:
		status := rapid.SampledFrom([]string{emulator.StatusInit, emulator.StatusRunning}).Draw(t, "filterStatus")
		params["Filters"] = []any{map[string]any{"Name": "db-instance-status", "Values": []any{status}}}
		keep = func(_ string, i *modelInstance) bool { return i.init == (status == emulator.StatusInit) }
	}
	ans := send(t, m.emu, m.clients[account], client.Request{Style: styles.Draw(t, "style"), Action: "DescribeDBInstances", Params: params})
	expect(t, ans, "DescribeDBInstances", nil)
	var listed struct {
		TotalCount    int
		DBInstanceSet []struct{ DBInstanceId, DBInstanceStatus, Region string }
	}
	if err := jsonUnmarshalResponse(ans, &listed); err != nil {
		t.Fatalf("DescribeDBInstances answer: %v", err)
	}
	want := map[string]*modelInstance{}
	for id, inst := range m.model {
		if inst.account == account && keep(id, inst) {
			want[id] = inst
		}
	}
	if listed.TotalCount != len(want) || len(listed.DBInstanceSet) != min(len(want), 100) {
		t.Fatalf("DescribeDBInstances for %s: TotalCount %d, %d listed; the model has %d", account, listed.TotalCount, len(listed.DBInstanceSet), len(want))
	}
	for _, got := range listed.DBInstanceSet {
		inst := want[got.DBInstanceId]
		if inst == nil {
			t.Fatalf("DescribeDBInstances for %s lists %s, which the model does not give it", account, got.DBInstanceId)
		}
		if (got.DBInstanceStatus == emulator.StatusInit) != inst.init || got.Region != region {
			t.Fatalf("DescribeDBInstances: %s is %s in %s; the model says init=%v", got.DBInstanceId, got.DBInstanceStatus, got.Region, inst.init)
		}
	}
}

// Check compares every instance of the model with the emulator's.
func (m *machine) Check(t *rapid.T) {
	for id, want := range m.model {
		got, ok := m.emu.Instance(id)
		if !ok {
			t.Fatalf("instance %s is gone", id)
		}
		if got.Account != want.account || (got.Status == emulator.StatusInit) != want.init {
			t.Fatalf("instance %s: emulator %s/%s, model %s/init=%v", id, got.Account, got.Status, want.account, want.init)
		}
	}
}

func stateMachine(t *rapid.T) {
	m := newMachine(t)
	t.Repeat(rapid.StateMachineActions(m))
}

// TestEmulatorStateMachine runs the state machine with rapid's default
// number of checks; -rapid.checks=N raises it (nightly), and a failure is
// saved under testdata/rapid/ and replayed first on later runs.
func TestEmulatorStateMachine(t *testing.T) {
	rapid.Check(t, stateMachine)
}

// FuzzEmulatorStateMachine lets the native fuzzer choose the state machine's
// draws. Run it with -fuzzminimizetime=100x: rapid's choice streams can
// stall the fuzzer's minimiser (PITFALLS.md).
func FuzzEmulatorStateMachine(f *testing.F) {
	addSeeds(f, "FuzzEmulatorStateMachine")
	f.Fuzz(rapid.MakeFuzz(stateMachine))
}
