package kube

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// The message a waiter of the cluster's lock logs when it starts waiting.
const lockWaitingMessage = "waiting for another change of the cluster to finish before sending this one"

// logSink collects the provider logs of one context, and tells when a waiter
// of a cluster's lock has started waiting: a test can then be sure that the
// waiter is parked in acquire rather than merely started.
type logSink struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	once    sync.Once
	waiting chan struct{} // closed at the first "waiting" log line
}

func (s *logSink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if bytes.Contains(p, []byte(lockWaitingMessage)) {
		s.once.Do(func() { close(s.waiting) })
	}
	return s.buf.Write(p)
}

// entries decodes the log lines written so far.
func (s *logSink) entries(t *testing.T) []map[string]any {
	t.Helper()
	s.mu.Lock()
	data := bytes.Clone(s.buf.Bytes())
	s.mu.Unlock()
	entries, err := tflogtest.MultilineJSONDecode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decoding the logs: %v\n%s", err, data)
	}
	return entries
}

// loggedContext is a context whose provider logs go to the returned sink.
func loggedContext() (context.Context, *logSink) {
	s := &logSink{waiting: make(chan struct{})}
	return tflogtest.RootLogger(context.Background(), s), s
}

// logsWith returns the log entries whose message starts with prefix.
func logsWith(entries []map[string]any, prefix string) []map[string]any {
	var found []map[string]any
	for _, e := range entries {
		if msg, _ := e["@message"].(string); strings.HasPrefix(msg, prefix) {
			found = append(found, e)
		}
	}
	return found
}

// started waits until a waiter has logged that it waits for the lock.
func started(t *testing.T, s *logSink, who string) {
	t.Helper()
	select {
	case <-s.waiting:
	case <-time.After(5 * time.Second):
		t.Fatalf("the %s never started waiting for the lock", who)
	}
}

// mustLock checks a lock that is expected to be free, as in
// mustLock(t)(l.lock(...)), and returns its unlock.
func mustLock(t *testing.T) func(unlock func(), err error) func() {
	t.Helper()
	return func(unlock func(), err error) func() {
		t.Helper()
		if err != nil {
			t.Fatalf("taking a free lock: %v", err)
		}
		if unlock == nil {
			t.Fatal("taking a free lock returned a nil unlock")
		}
		return unlock
	}
}

// lockResult is what a lock taken in another goroutine returned.
type lockResult struct {
	unlock func()
	err    error
}

func lockIn(f func() (func(), error)) <-chan lockResult {
	ch := make(chan lockResult, 1)
	go func() {
		unlock, err := f()
		ch <- lockResult{unlock, err}
	}()
	return ch
}

func receive(t *testing.T, ch <-chan lockResult, who string) lockResult {
	t.Helper()
	select {
	case r := <-ch:
		return r
	case <-time.After(5 * time.Second):
		t.Fatalf("the %s is still waiting for the lock", who)
		return lockResult{}
	}
}

// notYet checks that a waiter is still waiting.
func notYet(t *testing.T, ch <-chan lockResult, who string) {
	t.Helper()
	select {
	case r := <-ch:
		t.Fatalf("the %s got the lock while it should still wait (err %v)", who, r.err)
	case <-time.After(30 * time.Millisecond):
	}
}

func TestClusterLocksSerializeTheChangesOfOneCluster(t *testing.T) {
	l := &clusterLocks{}
	var holders, most, total atomic.Int32
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				brief := (g+i)%3 == 0
				unlock, err := l.acquire(context.Background(), "s1", "k1", fmt.Sprintf("change %d.%d", g, i), brief)
				if err != nil {
					t.Errorf("lock: %v", err)
					return
				}
				n := holders.Add(1)
				for {
					m := most.Load()
					if n <= m || most.CompareAndSwap(m, n) {
						break
					}
				}
				total.Add(1)
				time.Sleep(50 * time.Microsecond)
				holders.Add(-1)
				unlock()
			}
		}()
	}
	wg.Wait()
	if most.Load() != 1 {
		t.Errorf("%d changes of one cluster held its lock at the same time, want 1", most.Load())
	}
	if total.Load() != 16*20 {
		t.Errorf("%d changes held the lock, want %d", total.Load(), 16*20)
	}
}

func TestClusterLocksOtherClustersDoNotWait(t *testing.T) {
	l := &clusterLocks{}
	defer mustLock(t)(l.lock(context.Background(), "s1", "k1", "cluster update"))()
	for _, c := range []struct{ serviceName, kubeID string }{
		{"s1", "k2"}, // another cluster of the project
		{"s2", "k1"}, // a cluster of another project
	} {
		for _, brief := range []bool{false, true} {
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			unlock, err := l.acquire(ctx, c.serviceName, c.kubeID, "OIDC creation", brief)
			cancel()
			if err != nil {
				t.Fatalf("cluster %s/%s (brief %v) waited for cluster s1/k1: %v", c.serviceName, c.kubeID, brief, err)
			}
			unlock()
		}
	}
}

// A node pool's request (brief) that comes after a long change started
// waiting still goes first once the holder releases the cluster.
func TestClusterLocksBriefWaiterGoesBeforeLongWaiter(t *testing.T) {
	// The waiters are woken together: repeat, so that a lock that lets
	// them race shows.
	for i := range 20 {
		l := &clusterLocks{}
		unlockHolder := mustLock(t)(l.lock(context.Background(), "s1", "k1", "cluster update"))
		order := make(chan string, 2)
		take := func(ctx context.Context, what string, brief bool) <-chan lockResult {
			return lockIn(func() (func(), error) {
				unlock, err := l.acquire(ctx, "s1", "k1", what, brief)
				if err == nil {
					order <- what // before releasing, so in the order of the holds
					time.Sleep(time.Millisecond)
					unlock()
				}
				return unlock, err
			})
		}
		ctxLong, sinkLong := loggedContext()
		long := take(ctxLong, "OIDC creation", false)
		started(t, sinkLong, "long waiter")
		ctxBrief, sinkBrief := loggedContext()
		brief := take(ctxBrief, "node pool creation", true)
		started(t, sinkBrief, "brief waiter")
		notYet(t, long, "long waiter")
		unlockHolder()
		for _, r := range []lockResult{receive(t, brief, "brief waiter"), receive(t, long, "long waiter")} {
			if r.err != nil {
				t.Fatal(r.err)
			}
		}
		if first, second := <-order, <-order; first != "node pool creation" || second != "OIDC creation" {
			t.Fatalf("round %d: the %s held the lock before the %s; want the brief node pool creation first", i, first, second)
		}
	}
}

// A long waiter is held back only by brief waiters while the lock is free
// for a moment: when the last of them gives up, the long waiter goes.
func TestClusterLocksLongWaiterGoesWhenTheBriefWaiterGivesUp(t *testing.T) {
	l := &clusterLocks{}
	_ = mustLock(t)(l.lock(context.Background(), "s1", "k1", "cluster update")) // released by hand below
	ctxBrief, sinkBrief := loggedContext()
	ctxBrief, cancelBrief := context.WithCancel(ctxBrief)
	defer cancelBrief()
	brief := lockIn(func() (func(), error) { return l.lockBrief(ctxBrief, "s1", "k1", "node pool creation") })
	started(t, sinkBrief, "brief waiter")
	ctxLong, sinkLong := loggedContext()
	ctxLong, cancelLong := context.WithTimeout(ctxLong, 5*time.Second)
	defer cancelLong()
	long := lockIn(func() (func(), error) { return l.lock(ctxLong, "s1", "k1", "OIDC creation") })
	started(t, sinkLong, "long waiter")

	// The holder releases the cluster, and the brief waiter's context ends
	// before it takes the lock. The release is made by hand without waking
	// the waiters: the brief waiter can then only see its context end, and
	// the long waiter sees a free lock still wanted by a brief waiter, as
	// when it runs first after a release.
	l.mu.Lock()
	if len(l.locks) != 1 {
		t.Fatalf("%d locks, want 1", len(l.locks))
	}
	for _, cl := range l.locks {
		if !cl.held || cl.briefWaiting != 1 {
			t.Fatalf("held %v with %d brief waiters; want held with 1", cl.held, cl.briefWaiting)
		}
		cl.held, cl.holder = false, ""
	}
	l.mu.Unlock()
	notYet(t, long, "long waiter")
	cancelBrief()

	if r := receive(t, brief, "brief waiter"); !errors.Is(r.err, context.Canceled) {
		t.Fatalf("brief waiter: err = %v, want context.Canceled", r.err)
	}
	r := receive(t, long, "long waiter")
	if r.err != nil {
		t.Fatalf("long waiter: %v", r.err)
	}
	r.unlock()
}

// When a brief waiter gives up while the lock is held, the long waiters are
// not held back by it once the holder releases the cluster.
func TestClusterLocksBriefWaiterGivingUpWhileHeldLeavesNoTrace(t *testing.T) {
	l := &clusterLocks{}
	unlockHolder := mustLock(t)(l.lock(context.Background(), "s1", "k1", "cluster update"))
	ctxBrief, cancelBrief := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancelBrief()
	if _, err := l.lockBrief(ctxBrief, "s1", "k1", "node pool creation"); err == nil {
		t.Fatal("the brief waiter got a held lock")
	}
	ctxLong, cancelLong := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancelLong()
	long := lockIn(func() (func(), error) { return l.lock(ctxLong, "s1", "k1", "OIDC creation") })
	notYet(t, long, "long waiter")
	unlockHolder()
	r := receive(t, long, "long waiter")
	if r.err != nil {
		t.Fatalf("long waiter: %v", r.err)
	}
	r.unlock()
}

func TestClusterLocksDeadlineSaysWhatItWaitedFor(t *testing.T) {
	for _, brief := range []bool{false, true} {
		t.Run(fmt.Sprintf("brief=%v", brief), func(t *testing.T) {
			l := &clusterLocks{}
			unlockHolder := mustLock(t)(l.lock(context.Background(), "s1", "k1", "OIDC creation"))
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			unlock, err := l.acquire(ctx, "s1", "k1", "node pool creation", brief)
			if err == nil {
				unlock()
				t.Fatal("got the lock while the OIDC creation held it")
			}
			want := regexp.MustCompile(`^timed out after \d[0-9.a-zµ]*s waiting for another change of cluster k1 in this run ` +
				regexp.QuoteMeta("(the OIDC creation) to finish before the node pool creation could start; "+
					"raise the timeouts block's value if the other change is still running") + `$`)
			if !want.MatchString(err.Error()) {
				t.Errorf("error = %q, want it to match %s", err, want)
			}
			if unlock != nil {
				t.Error("a failed lock returned an unlock")
			}
			// The waiter that gave up holds nothing back.
			unlockHolder()
			ctx2, cancel2 := context.WithTimeout(context.Background(), time.Second)
			defer cancel2()
			mustLock(t)(l.lock(ctx2, "s1", "k1", "cluster update"))()
		})
	}
}

func TestClusterLocksCancelSaysWhatItWaitedFor(t *testing.T) {
	l := &clusterLocks{}
	defer mustLock(t)(l.lock(context.Background(), "s1", "k1", "OIDC creation"))()
	ctx, sink := loggedContext()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	waiter := lockIn(func() (func(), error) { return l.lockBrief(ctx, "s1", "k1", "node pool creation") })
	started(t, sink, "waiter")
	cancel()
	err := receive(t, waiter, "waiter").err
	want := "stopped waiting for another change of cluster k1 (the OIDC creation) before the node pool creation: context canceled"
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %q", err, want)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v does not wrap context.Canceled", err)
	}
}

func TestClusterLocksNilIsNoLock(t *testing.T) {
	var l *clusterLocks
	for _, brief := range []bool{false, true} {
		first := mustLock(t)(l.acquire(context.Background(), "s1", "k1", "OIDC creation", brief))
		second := mustLock(t)(l.acquire(context.Background(), "s1", "k1", "OIDC creation", brief))
		first()
		first()
		second()
	}
	unlock := mustLock(t)(l.lock(context.Background(), "s1", "k1", "cluster update"))
	unlock()
	unlock = mustLock(t)(l.lockBrief(context.Background(), "s1", "k1", "node pool creation"))
	unlock()
	unlock = mustLock(t)((&base{}).lockFor("s1", "k1", "node pool deletion", true)(context.Background()))
	unlock()
}

func TestClusterLocksUnlockTwiceIsHarmless(t *testing.T) {
	l := &clusterLocks{}
	first := mustLock(t)(l.lock(context.Background(), "s1", "k1", "OIDC creation"))
	first()
	first()
	second := mustLock(t)(l.lock(context.Background(), "s1", "k1", "OIDC update"))
	// The first holder's unlock, called again, does not release the
	// second holder's lock.
	first()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if unlock, err := l.lock(ctx, "s1", "k1", "cluster update"); err == nil {
		unlock()
		t.Fatal("a stale unlock released the lock of the next holder")
	}
	second()
	mustLock(t)(l.lock(context.Background(), "s1", "k1", "cluster update"))()
}

func TestClusterLocksWaitingIsLogged(t *testing.T) {
	l := &clusterLocks{}
	unlockHolder := mustLock(t)(l.lock(context.Background(), "s1", "k1", "OIDC creation"))
	ctx, sink := loggedContext()
	waiter := lockIn(func() (func(), error) { return l.lockBrief(ctx, "s1", "k1", "node pool creation") })
	started(t, sink, "waiter")
	unlockHolder()
	r := receive(t, waiter, "waiter")
	if r.err != nil {
		t.Fatal(r.err)
	}
	r.unlock()

	entries := sink.entries(t)
	waiting := logsWith(entries, lockWaitingMessage)
	if len(waiting) != 1 {
		t.Fatalf("%d waiting log lines, want 1: %v", len(waiting), entries)
	}
	for k, v := range map[string]any{"@level": "info", "kube_id": "k1", "change": "node pool creation", "waiting_for": "OIDC creation"} {
		if waiting[0][k] != v {
			t.Errorf("waiting log: %s = %v, want %v (%v)", k, waiting[0][k], v, waiting[0])
		}
	}
	done := logsWith(entries, "the cluster's other changes finished")
	if len(done) != 1 {
		t.Fatalf("%d log lines for the end of the wait, want 1: %v", len(done), entries)
	}
	if _, ok := done[0]["waited_ms"].(float64); !ok || done[0]["@level"] != "info" || done[0]["change"] != "node pool creation" {
		t.Errorf("end of the wait logged as %v", done[0])
	}

	// A free lock is taken without a word.
	ctx, sink = loggedContext()
	mustLock(t)(l.lock(ctx, "s1", "k1", "cluster update"))()
	if entries := sink.entries(t); len(entries) != 0 {
		t.Errorf("a free lock logged %v", entries)
	}
}
