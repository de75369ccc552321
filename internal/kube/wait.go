package kube

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

// Statuses the waits and the plans refer to.
const (
	statusReady    = "READY"
	statusDeleting = "DELETING"
	statusDeleted  = "DELETED"
	statusError    = "ERROR"
)

// isFailedStatus reports the statuses that end a wait with an error at once:
// the object will not reach its target by waiting.
func isFailedStatus(s string) bool {
	return s == statusError || strings.HasPrefix(s, "USER_") || s == statusDeleted
}

// waitSpec describes one wait of waitFor.
type waitSpec[T any] struct {
	// kind and id name the object in messages and logs, e.g. "cluster".
	kind, id string
	// operation names the change for messages, e.g. "creation".
	operation string
	// refresh reads the object and its status.
	refresh func(context.Context) (T, string, error)
	// target lists the statuses that end the wait. Empty: the wait ends only
	// when the object is gone (notFoundIsTarget).
	target []string
	// failed reports statuses that end the wait with an error at once;
	// nil means isFailedStatus.
	failed func(string) bool
	// notFoundIsPending lets a new object answer 404 for a moment;
	// notFoundIsTarget ends the wait on a 404 (a deletion).
	notFoundIsPending, notFoundIsTarget bool
	// applied reports whether an object in a target status already shows
	// the change. The API may answer READY with the old values just after a
	// request: a target status counts once another status was seen, applied
	// returns true, or Options.StaleGrace has passed.
	applied func(T) bool
}

// waitFor polls under the context deadline until the object reaches a target
// status. The first poll is at once, then every nextPoll of the time waited.
func waitFor[T any](ctx context.Context, o Options, w waitSpec[T]) (T, error) {
	var zero T
	failed := w.failed
	if failed == nil {
		failed = isFailedStatus
	}
	start := time.Now()
	interval := o.PollFirst
	lastStatus := ""
	sawTransition := false
	for {
		v, status, err := w.refresh(ctx)
		switch {
		case err == nil:
			if status != lastStatus {
				tflog.Info(ctx, w.kind+" status", map[string]any{
					"id": w.id, "status": status, "operation": w.operation, "elapsed_ms": time.Since(start).Milliseconds(),
				})
				lastStatus = status
			}
			if failed(status) {
				return v, fmt.Errorf("%s %s went to status %s during its %s; it needs attention in the OVHcloud Control Panel or from support",
					w.kind, w.id, status, w.operation)
			}
			if slices.Contains(w.target, status) {
				if sawTransition || w.applied == nil || w.applied(v) || time.Since(start) >= o.StaleGrace {
					return v, nil
				}
			} else {
				sawTransition = true
			}
		case ovhapi.IsNotFound(err) && w.notFoundIsTarget:
			return zero, nil
		case ovhapi.IsNotFound(err) && w.notFoundIsPending:
			lastStatus = "NOT_FOUND"
		default:
			if ctx.Err() != nil {
				return zero, w.timeoutError(ctx, lastStatus, start)
			}
			return zero, err
		}
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return zero, w.timeoutError(ctx, lastStatus, start)
		case <-t.C:
		}
		interval = o.nextPoll(time.Since(start))
	}
}

// nextPoll returns the delay before the next poll, elapsed into a wait: a
// wait ends within about PollFraction of the moment the API reaches the
// target, and a long operation costs a few dozen GETs. A geometric backoff
// would leave gaps as long as the wait itself.
func (o Options) nextPoll(elapsed time.Duration) time.Duration {
	return min(max(time.Duration(float64(elapsed)*o.PollFraction), o.PollFirst), o.PollMax)
}

func (w waitSpec[T]) timeoutError(ctx context.Context, lastStatus string, start time.Time) error {
	if lastStatus == "" {
		lastStatus = "unknown"
	}
	cause := ctx.Err()
	if errors.Is(cause, context.DeadlineExceeded) {
		return fmt.Errorf("timed out after %s waiting for the %s of %s %s (last status %s); raise the timeouts block's value if the operation is still running",
			time.Since(start).Round(time.Second), w.operation, w.kind, w.id, lastStatus)
	}
	return fmt.Errorf("stopped waiting for the %s of %s %s (last status %s): %w", w.operation, w.kind, w.id, lastStatus, cause)
}

// changeSpec describes one change of sendChange.
type changeSpec[T any] struct {
	// send makes the request.
	send func(context.Context) (T, error)
	// uncertain reports the failures that may hide an applied change (a
	// lost answer) or a target busy with another change (a 409).
	uncertain func(error) bool
	// check looks at the target after such a failure, err: done reports
	// that nothing is left to send, with the value found. A non-nil error
	// ends the change; it should say that err happened first. After a 409,
	// it waits for what is busy to settle as far as the API shows it, and
	// ends the change when the 409 cannot be waited out (a name taken, a
	// configuration already there).
	check func(ctx context.Context, err error) (v T, done bool, cerr error)
	// attempts bounds the requests whose answers are lost.
	attempts int
	// opts paces the requests refused with 409.
	opts Options
	// what names the change in logs and messages, e.g. "node pool
	// creation in cluster 1234".
	what string
}

// sendChange sends a change whose answer may be lost or refused while the
// target is busy, and looks before sending it again, so that a change is
// never applied twice nor given up while it may still go through. checked
// reports that the value comes from check rather than from send.
//
// The one rule for a 409 from a busy cluster, for every change to a cluster
// or to anything under it: it is waited out until the operation's timeout.
// check waits for what the API shows to settle, then the change is sent
// again after a pause that doubles from Options.ConflictFirst up to
// Options.ConflictMax, with jitter, because the cluster may read READY while
// it still refuses changes (the API's status lags a redeploy of the API
// server). Only lost answers count against attempts.
func sendChange[T any](ctx context.Context, c changeSpec[T]) (v T, checked bool, err error) {
	start := time.Now()
	lost, refused := 0, 0
	for {
		v, err = c.send(ctx)
		if err == nil {
			if refused > 0 {
				tflog.Info(ctx, "the change went through once the cluster accepted it", map[string]any{
					"change": c.what, "refusals": refused, "waited_ms": time.Since(start).Milliseconds(),
				})
			}
			return v, false, nil
		}
		if !c.uncertain(err) {
			return v, false, err
		}
		busy := ovhapi.IsConflict(err)
		if busy {
			refused++
			tflog.Info(ctx, "the cluster refused the change because it is busy (409); waiting for it to settle before sending the change again",
				map[string]any{"change": c.what, "refusals": refused, "error": err.Error()})
		} else {
			lost++
			// Even past the deadline: the deadline may be what cut the
			// answer, and check bounds its own look.
			tflog.Warn(ctx, "change not confirmed; checking before sending it again", map[string]any{"change": c.what, "attempt": lost, "error": err.Error()})
		}
		got, done, cerr := c.check(ctx, err)
		if cerr != nil {
			return got, true, cerr
		}
		if done {
			return got, true, nil
		}
		if !busy {
			if lost >= c.attempts || ctx.Err() != nil {
				return v, false, err
			}
			continue
		}
		pause := c.opts.conflictPause(refused)
		tflog.Info(ctx, "sending the change again after a pause: the cluster may read READY while it still refuses changes",
			map[string]any{"change": c.what, "refusals": refused, "pause_ms": pause.Milliseconds()})
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return v, false, stillRefused(ctx, err, c.what, refused, start)
		case <-t.C:
		}
	}
}

// conflictPause is the pause before sending again a change refused n times
// with 409: ConflictFirst doubled n-1 times, at most ConflictMax, of which a
// random half is left out, so that the changes refused together do not all
// come back at the same moment.
func (o Options) conflictPause(n int) time.Duration {
	d := o.ConflictFirst
	for i := 1; i < n && d < o.ConflictMax; i++ {
		d *= 2
	}
	d = min(d, o.ConflictMax)
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(half+1)
}

// stillRefused is the error of a change the cluster kept refusing with 409
// (err, the last refusal) until the operation's deadline.
func stillRefused(ctx context.Context, err error, what string, refusals int, start time.Time) error {
	if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%w\n\nStopped waiting for the cluster to accept the %s: %w", err, what, ctx.Err())
	}
	return fmt.Errorf("%w\n\nThe cluster refused the %s %d times in %s because it was busy with another change; "+
		"raise the timeouts block's value if that change is still running", err, what, refusals, time.Since(start).Round(time.Second))
}

// lostOrBusy is the usual uncertain of a change: a lost answer or a 409.
func lostOrBusy(err error) bool {
	return ovhapi.MaybeApplied(err) || ovhapi.IsConflict(err)
}

// waitCreated waits for a new object, already saved in state, to be READY
// (w's operation "creation"). It reports a failure in diags.
func waitCreated[T any](ctx context.Context, o Options, w waitSpec[T], diags *diag.Diagnostics) (T, bool) {
	w.notFoundIsPending = true
	v, err := waitFor(ctx, o, w)
	if err != nil {
		diags.AddError(capitalized(w.kind)+" creation did not complete",
			fmt.Sprintf("%s\n\nThe %s %s is kept in the state, marked tainted: the next apply replaces it unless you untaint it.", err, w.kind, w.id))
		return v, false
	}
	return v, true
}

// deleteAndWait deletes an object and waits until it is gone, reporting
// failures in diags. lock holds the cluster's lock (see lock.go) until the
// DELETE is accepted. del sends the DELETE, of which a 404 means done. ready
// is the wait for the object to be READY (its operation "pending
// operation"); the wait for the deletion is derived from it. A lost answer or
// a 409 may hide a deletion under way or an object busy with another change:
// the object is looked at, and unless it is gone or DELETING the DELETE is
// sent again once it is READY. beforeResend, if not nil, runs first and may
// end the deletion with an error that says the refusal err came first.
func deleteAndWait[T any](ctx context.Context, o Options, lock func(context.Context) (func(), error), del func(context.Context) error,
	ready waitSpec[T], beforeResend func(ctx context.Context, err error) error, diags *diag.Diagnostics,
) {
	unlock, err := lock(ctx)
	if err != nil {
		diags.AddError("Cannot delete the "+ready.kind, err.Error())
		return
	}
	_, _, err = sendChange(ctx, changeSpec[struct{}]{
		send: func(ctx context.Context) (struct{}, error) {
			if err := del(ctx); err != nil && !ovhapi.IsNotFound(err) {
				return struct{}{}, err
			}
			return struct{}{}, nil
		},
		uncertain: lostOrBusy,
		check: func(ctx context.Context, err error) (struct{}, bool, error) {
			_, status, gerr := ready.refresh(ctx)
			switch {
			case ovhapi.IsNotFound(gerr):
				return struct{}{}, true, nil
			case gerr != nil:
				return struct{}{}, false, fmt.Errorf("%w\n\nReading the %s afterwards failed too: %s", err, ready.kind, gerr)
			case status == statusDeleting:
				return struct{}{}, true, nil
			}
			if beforeResend != nil {
				if berr := beforeResend(ctx, err); berr != nil {
					return struct{}{}, false, berr
				}
			}
			if _, werr := waitFor(ctx, o, ready); werr != nil {
				if ovhapi.IsNotFound(werr) {
					return struct{}{}, true, nil
				}
				return struct{}{}, false, fmt.Errorf("%w\n\nWaiting for the %s to be ready for deletion failed: %s", err, ready.kind, werr)
			}
			return struct{}{}, false, nil
		},
		attempts: o.ChangeAttempts,
		opts:     o,
		what:     ready.kind + " deletion",
	})
	unlock()
	if err != nil {
		diags.AddError("Cannot delete the "+ready.kind, err.Error())
		return
	}
	gone := ready
	gone.operation, gone.target, gone.notFoundIsTarget = "deletion", nil, true
	gone.failed = func(string) bool { return false }
	if _, err := waitFor(ctx, o, gone); err != nil {
		diags.AddError(capitalized(ready.kind)+" deletion did not complete", err.Error())
	}
}

// capitalized starts a kind of object with a capital, for a summary.
func capitalized(kind string) string {
	return strings.ToUpper(kind[:1]) + kind[1:]
}

// redeployWait is the wait for a cluster to be READY after a change of
// something the cluster object does not show (its OIDC configuration, its IP
// restrictions), which redeploys the API server: a READY answer right after
// the request may predate the change, so it counts once another status was
// seen, or after Options.StaleGrace. Every status but ERROR and USER_* is
// waited through.
func redeployWait(c *ovhapi.Client, serviceName, id, operation string) waitSpec[*ovhapi.Kube] {
	w := clusterWait(c, serviceName, id, operation)
	w.applied = func(*ovhapi.Kube) bool { return false }
	return w
}

// clusterWait is the wait for a cluster to be READY, which every resource
// that changes a cluster uses; callers adjust the returned spec.
func clusterWait(c *ovhapi.Client, serviceName, id, operation string) waitSpec[*ovhapi.Kube] {
	return waitSpec[*ovhapi.Kube]{
		kind: "cluster", id: id, operation: operation, target: []string{statusReady},
		refresh: func(ctx context.Context) (*ovhapi.Kube, string, error) {
			k, err := c.GetKube(ctx, serviceName, id)
			if err != nil {
				return nil, "", err
			}
			return k, k.Status, nil
		},
	}
}
