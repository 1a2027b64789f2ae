package emulator

import (
	"math/rand/v2"
	"sort"
	"sync"
	"time"

	"github.com/tencentdb-kit/initdb-conform/codes"
)

// Instance statuses. The emulator moves an instance from init straight to
// running on success (INST-4 allows it).
const (
	StatusInit    = "init"
	StatusRunning = "running"
)

// Instance is a snapshot of one instance.
type Instance struct {
	ID, Account, Region, Zone, Status string
	SpecCode, DBVersion, Name         string
	VpcID, SubnetID                   string
	ProjectID                         int64
	Storage                           uint64
	Charset, AdminName                string // set by InitDBInstances
	CreateTime                        time.Time
}

// store holds every instance under one mutex: an InitDBInstances request
// checks and changes all its instances in one critical section, which gives
// all-or-nothing (INST-3) and exactly one winner among concurrent requests
// (INST-4).
type store struct {
	mu        sync.Mutex
	rnd       *rand.Rand
	instances map[string]*Instance
	seq       int // creation order, to list instances stably
	order     map[string]int
}

func newStore(rnd *rand.Rand) *store {
	return &store{rnd: rnd, instances: make(map[string]*Instance), order: make(map[string]int)}
}

const idAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

func (s *store) newID() string {
	for {
		b := []byte("postgres-xxxxxxxx")
		for i := len("postgres-"); i < len(b); i++ {
			b[i] = idAlphabet[s.rnd.IntN(len(idAlphabet))]
		}
		if _, taken := s.instances[string(b)]; !taken {
			return string(b)
		}
	}
}

// create adds n instances in status init, built from tmpl.
func (s *store) create(tmpl Instance, n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, n)
	for i := range ids {
		inst := tmpl
		inst.ID = s.newID()
		inst.Status = StatusInit
		s.instances[inst.ID] = &inst
		s.seq++
		s.order[inst.ID] = s.seq
		ids[i] = inst.ID
	}
	return ids
}

// initialize applies INST-1..INST-4 to ids (already deduplicated) for the
// account and region, and on success moves every instance to running. It
// returns the error code, or "" on success.
func (s *store) initialize(account, region string, ids []string, adminName, charset string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	insts := make([]*Instance, len(ids))
	for i, id := range ids {
		inst, ok := s.instances[id]
		// Another account's instance is reported exactly as a missing one.
		if !ok || inst.Account != account || inst.Region != region {
			return codes.InstanceNotFound
		}
		insts[i] = inst
	}
	for _, inst := range insts {
		if inst.Status != StatusInit {
			return codes.InstanceStatusLimit
		}
	}
	for _, inst := range insts {
		inst.Status = StatusRunning
		inst.AdminName = adminName
		inst.Charset = charset
	}
	return ""
}

// list returns the account's instances in region, in creation order,
// filtered by keep.
func (s *store) list(account, region string, keep func(*Instance) bool) []Instance {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Instance
	for _, inst := range s.instances {
		if inst.Account == account && inst.Region == region && keep(inst) {
			out = append(out, *inst)
		}
	}
	sort.Slice(out, func(i, j int) bool { return s.order[out[i].ID] < s.order[out[j].ID] })
	return out
}

func (s *store) get(id string) (Instance, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	inst, ok := s.instances[id]
	if !ok {
		return Instance{}, false
	}
	return *inst, true
}

// Instance returns a snapshot of the instance with id, of any account.
func (e *Emulator) Instance(id string) (Instance, bool) { return e.store.get(id) }

// CreateInstances adds n instances in status init for the account that owns
// secretID, in region, as CreateDBInstances would, and returns their ids. It
// lets Go tests arrange state without a request.
func (e *Emulator) CreateInstances(secretID, region string, n int) []string {
	k, ok := e.keys[secretID]
	if !ok || n <= 0 {
		return nil
	}
	return e.store.create(Instance{Account: k.account, Region: region, Zone: region + "-1", SpecCode: "pg.it.medium4", DBVersion: "10.4", Storage: 10, CreateTime: e.now()}, n)
}

// limiter is a sliding one-second window per account (RATE-1): a request is
// served when fewer than n requests were served in the second before it;
// refused requests are not counted.
type limiter struct {
	n      int
	mu     sync.Mutex
	served map[string][]time.Time
}

func newLimiter(n int) *limiter { return &limiter{n: n, served: make(map[string][]time.Time)} }

func (l *limiter) allow(account string, now time.Time) bool {
	if l.n == 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	times := l.served[account]
	cut := 0
	for cut < len(times) && !times[cut].After(now.Add(-time.Second)) {
		cut++
	}
	times = times[cut:]
	if len(times) >= l.n {
		l.served[account] = times
		return false
	}
	l.served[account] = append(times, now)
	return true
}

// replayCache remembers v1 (SecretId, Nonce, Timestamp) triples for as long as
// their timestamp is inside the window (AUTH-V1-4).
type replayCache struct {
	mu    sync.Mutex
	seen  map[string]int64 // triple -> timestamp
	prune int              // size at which expired triples are next swept
}

func newReplayCache() *replayCache { return &replayCache{seen: make(map[string]int64), prune: 1024} }

// firstUse records the triple and reports whether it was new.
func (c *replayCache) firstUse(triple string, ts int64, now time.Time, window time.Duration) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, dup := c.seen[triple]; dup {
		return false
	}
	// Forget triples that can no longer pass the window check, so the
	// cache stays bounded by the request rate times the window.
	// The sweep runs when the map has doubled since the last one, so
	// its cost is amortised over the requests that grew it.
	if len(c.seen) >= c.prune {
		oldest := now.Add(-window - time.Second).Unix()
		for k, t := range c.seen {
			if t < oldest {
				delete(c.seen, k)
			}
		}
		c.prune = max(1024, 2*len(c.seen))
	}
	c.seen[triple] = ts
	return true
}

// Instances returns a snapshot of every instance of every account, in
// creation order.
func (e *Emulator) Instances() []Instance {
	s := e.store
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Instance, 0, len(s.instances))
	for _, inst := range s.instances {
		out = append(out, *inst)
	}
	sort.Slice(out, func(i, j int) bool { return s.order[out[i].ID] < s.order[out[j].ID] })
	return out
}
