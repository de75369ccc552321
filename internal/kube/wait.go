package kube

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

const statusReady = "READY"

// Polling starts right after the operation returns. The interval is a tenth
// of the time waited so far, at least pollFirst and at most pollMax: a wait
// ends within about 10% (and never more than pollFirst early on) of the
// moment the API reaches the target, and a long operation costs a few dozen
// GETs. A geometric backoff would leave gaps as long as the wait itself.
var (
	pollFirst    = 200 * time.Millisecond
	pollMax      = 15 * time.Second
	pollFraction = 0.1
	// staleGrace bounds how long a READY answer still showing the old values
	// is taken for a change that has not started yet.
	staleGrace = 10 * time.Second
)

// isFailedStatus reports the statuses that end a wait with an error at once:
// the cluster will not become READY by waiting.
func isFailedStatus(s string) bool {
	return s == "ERROR" || strings.HasPrefix(s, "USER_") || s == "DELETED"
}

type waitOptions struct {
	// operation names the change for messages, e.g. "creation".
	operation string
	// notFoundIsPending lets a new cluster answer 404 for a moment.
	notFoundIsPending bool
	// applied reports whether a READY cluster already shows the change. The
	// API may answer READY with the old values just after a request; a READY
	// answer counts once a transitional status was seen, applied returns true,
	// or staleGrace has passed.
	applied func(*ovhapi.Kube) bool
}

// waitReady polls the cluster until it is READY under the context deadline.
func waitReady(ctx context.Context, c *ovhapi.Client, serviceName, id string, opt waitOptions) (*ovhapi.Kube, error) {
	start := time.Now()
	interval := pollFirst
	lastStatus := ""
	sawTransition := false
	for {
		k, err := c.GetKube(ctx, serviceName, id)
		switch {
		case err == nil:
			if k.Status != lastStatus {
				tflog.Info(ctx, "cluster status", map[string]any{
					"kube_id": id, "status": k.Status, "operation": opt.operation, "elapsed_ms": time.Since(start).Milliseconds(),
				})
				lastStatus = k.Status
			}
			if isFailedStatus(k.Status) {
				return k, fmt.Errorf("cluster %s went to status %s during its %s; it needs attention in the OVHcloud Control Panel or from support", id, k.Status, opt.operation)
			}
			if k.Status == statusReady {
				if sawTransition || opt.applied == nil || opt.applied(k) || time.Since(start) >= staleGrace {
					return k, nil
				}
			} else {
				sawTransition = true
			}
		case ovhapi.IsNotFound(err) && opt.notFoundIsPending:
			lastStatus = "NOT_FOUND"
		default:
			if ctx.Err() != nil {
				return nil, timeoutError(ctx, id, opt.operation, lastStatus, start)
			}
			return nil, err
		}
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, timeoutError(ctx, id, opt.operation, lastStatus, start)
		case <-t.C:
		}
		interval = nextPoll(time.Since(start))
	}
}

// nextPoll returns the delay before the next poll, elapsed into a wait.
func nextPoll(elapsed time.Duration) time.Duration {
	return min(max(time.Duration(float64(elapsed)*pollFraction), pollFirst), pollMax)
}

// waitDeleted polls until the cluster answers 404.
func waitDeleted(ctx context.Context, c *ovhapi.Client, serviceName, id string) error {
	start := time.Now()
	interval := pollFirst
	lastStatus := ""
	for {
		k, err := c.GetKube(ctx, serviceName, id)
		switch {
		case ovhapi.IsNotFound(err):
			return nil
		case err != nil:
			if ctx.Err() != nil {
				return timeoutError(ctx, id, "deletion", lastStatus, start)
			}
			return err
		}
		if k.Status != lastStatus {
			tflog.Info(ctx, "cluster status", map[string]any{"kube_id": id, "status": k.Status, "operation": "deletion"})
			lastStatus = k.Status
		}
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return timeoutError(ctx, id, "deletion", lastStatus, start)
		case <-t.C:
		}
		interval = nextPoll(time.Since(start))
	}
}

func timeoutError(ctx context.Context, id, operation, lastStatus string, start time.Time) error {
	if lastStatus == "" {
		lastStatus = "unknown"
	}
	cause := ctx.Err()
	if errors.Is(cause, context.DeadlineExceeded) {
		return fmt.Errorf("timed out after %s waiting for the %s of cluster %s (last status %s); raise the timeouts block's value if the operation is still running",
			time.Since(start).Round(time.Second), operation, id, lastStatus)
	}
	return fmt.Errorf("stopped waiting for the %s of cluster %s (last status %s): %w", operation, id, lastStatus, cause)
}
