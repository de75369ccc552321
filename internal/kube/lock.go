package kube

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// The API refuses a change to a cluster, or to anything under it (node
// pools, IP restrictions, OIDC), with 409 while another change of that
// cluster is under way, and it does not always say so in the cluster's
// status: an IP restrictions or OIDC change redeploys the API server while
// the cluster still reads READY. Terraform creates, changes and destroys the
// resources of one cluster in parallel, so within one provider process the
// changes to one cluster go one at a time: each holds the cluster's lock from
// its request until the cluster is settled again. Reads never take it.
// Conflicts from elsewhere (another process, the console, the API's own
// maintenance) are still waited out by sendChange.

// clusterLocks holds one lock per cluster, shared by every resource of a
// provider process.
type clusterLocks struct {
	mu    sync.Mutex
	locks map[string]*clusterLock
}

// clusterLock is the lock of one cluster, under clusterLocks.mu. A waiter
// can give up on it when its context ends. Brief holders (a node pool's
// request, which the API accepts at once and which leaves the cluster READY)
// go before long ones (an API server redeploy, a cluster update), so that the
// pools of a new cluster start installing while its IP restrictions and its
// OIDC configuration redeploy, one after the other.
type clusterLock struct {
	held         bool
	holder       string        // what holds it, for the logs of those waiting
	briefWaiting int           // brief holders waiting
	released     chan struct{} // closed at the next release
}

// lock waits until no other change of the cluster (serviceName, kubeID) is
// under way in this process, then holds it for what (e.g. "OIDC creation")
// until the returned function is called. It fails when ctx ends first, with
// an error that says what it waited for.
func (l *clusterLocks) lock(ctx context.Context, serviceName, kubeID, what string) (func(), error) {
	return l.acquire(ctx, serviceName, kubeID, what, false)
}

// lockBrief is lock for a change that holds the cluster only for its
// request; it goes before the long changes waiting.
func (l *clusterLocks) lockBrief(ctx context.Context, serviceName, kubeID, what string) (func(), error) {
	return l.acquire(ctx, serviceName, kubeID, what, true)
}

func (l *clusterLocks) acquire(ctx context.Context, serviceName, kubeID, what string, brief bool) (func(), error) {
	if l == nil {
		return func() {}, nil
	}
	key := serviceName + "/" + kubeID
	l.mu.Lock()
	if l.locks == nil {
		l.locks = map[string]*clusterLock{}
	}
	cl := l.locks[key]
	if cl == nil {
		cl = &clusterLock{released: make(chan struct{})}
		l.locks[key] = cl
	}
	if brief {
		cl.briefWaiting++
	}
	var start time.Time
	for cl.held || !brief && cl.briefWaiting > 0 {
		if start.IsZero() {
			start = time.Now()
			tflog.Info(ctx, "waiting for another change of the cluster to finish before sending this one", map[string]any{
				"kube_id": kubeID, "change": what, "waiting_for": cmp.Or(cl.holder, "node pool requests that go first"),
			})
		}
		released, holder := cl.released, cl.holder
		if holder == "" {
			holder = "node pool requests that go first"
		}
		l.mu.Unlock()
		select {
		case <-released:
			l.mu.Lock()
		case <-ctx.Done():
			l.mu.Lock()
			if brief {
				cl.briefWaiting--
				if cl.briefWaiting == 0 && !cl.held {
					// Long waiters may go now.
					close(cl.released)
					cl.released = make(chan struct{})
				}
			}
			l.mu.Unlock()
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return nil, fmt.Errorf("timed out after %s waiting for another change of cluster %s in this run (the %s) to finish "+
					"before the %s could start; raise the timeouts block's value if the other change is still running",
					time.Since(start).Round(time.Second), kubeID, holder, what)
			}
			return nil, fmt.Errorf("stopped waiting for another change of cluster %s (the %s) before the %s: %w", kubeID, holder, what, ctx.Err())
		}
	}
	if brief {
		cl.briefWaiting--
	}
	cl.held, cl.holder = true, what
	l.mu.Unlock()
	if !start.IsZero() {
		tflog.Info(ctx, "the cluster's other changes finished", map[string]any{
			"kube_id": kubeID, "change": what, "waited_ms": time.Since(start).Milliseconds(),
		})
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			defer l.mu.Unlock()
			cl.held, cl.holder = false, ""
			close(cl.released)
			cl.released = make(chan struct{})
		})
	}, nil
}

// lockFor is lock, or lockBrief when brief, as a function of the context,
// for deleteAndWait.
func (b *base) lockFor(serviceName, kubeID, what string, brief bool) func(context.Context) (func(), error) {
	return func(ctx context.Context) (func(), error) {
		return b.locks.acquire(ctx, serviceName, kubeID, what, brief)
	}
}
