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

// A creation whose answer was lost (a 5xx, a broken connection, a timeout)
// may still have created the cluster. Before anything else, the provider looks
// for it, so that it is adopted into state instead of being orphaned, and so
// that a second POST never creates a duplicate.

// errAmbiguousCreate is returned when several clusters could be the one
// created: choosing one could adopt somebody else's cluster.
var errAmbiguousCreate = errors.New("several clusters match")

// createCluster sends the creation and, when its answer is lost, adopts the
// cluster it created or sends it again once it is sure none was created.
func (r *clusterResource) createCluster(ctx context.Context, serviceName string, body ovhapi.KubeCreate) (*ovhapi.Kube, error) {
	var started time.Time
	k, _, err := sendChange(ctx, changeSpec[*ovhapi.Kube]{
		send: func(ctx context.Context) (*ovhapi.Kube, error) {
			started = time.Now()
			return r.client.CreateKube(ctx, serviceName, body)
		},
		uncertain: ovhapi.MaybeApplied,
		check: func(ctx context.Context, err error) (*ovhapi.Kube, bool, error) {
			tflog.Warn(ctx, "the answer to the cluster creation was lost; looking for the cluster", map[string]any{"error": err.Error()})
			// The caller's deadline may be what cut the answer: the lookup
			// gets its own short one.
			lookupCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
			found, ids, ferr := r.findCreated(lookupCtx, serviceName, body, started)
			cancel()
			switch {
			case found != nil:
				tflog.Info(ctx, "adopted the cluster whose creation answer was lost", map[string]any{"kube_id": found.ID})
				return found, true, nil
			case errors.Is(ferr, errAmbiguousCreate):
				return nil, false, fmt.Errorf("%w\n\nThe creation may have succeeded, but %d clusters match it (%s): none was adopted, to avoid "+
					"managing somebody else's cluster. Import the right one with: terraform import <address> %s/<id>",
					err, len(ids), strings.Join(ids, ", "), serviceName)
			case ferr != nil:
				return nil, false, fmt.Errorf("%w\n\nThe creation may have succeeded, and looking for the new cluster failed too: %v. "+
					"List the project's clusters and import the new one, if any, with: terraform import <address> %s/<id>",
					err, ferr, serviceName)
			}
			tflog.Warn(ctx, "no cluster was created; sending the creation again")
			return nil, false, nil
		},
		attempts: r.opts.CreateAttempts,
		opts:     r.opts,
		what:     "cluster creation",
	})
	return k, err
}

// findCreated looks for a cluster matching the creation request and created
// after it was sent. It returns the cluster when exactly one matches, or the
// ids of the candidates with errAmbiguousCreate.
func (r *clusterResource) findCreated(ctx context.Context, serviceName string, body ovhapi.KubeCreate, started time.Time) (*ovhapi.Kube, []string, error) {
	wait := r.opts.PollFirst
	var confirmed *ovhapi.Kube
	for lookup := 1; ; lookup++ {
		ids, err := r.client.ListKubes(ctx, serviceName)
		if err != nil {
			return nil, nil, err
		}
		var matches []*ovhapi.Kube
		// A listed cluster that answers 404 has just been created: it may be
		// ours or another, so no match is confirmed while one is unread.
		var unread []string
		for _, id := range ids {
			k, err := r.client.GetKube(ctx, serviceName, id)
			if ovhapi.IsNotFound(err) {
				unread = append(unread, id)
				continue
			}
			if err != nil {
				return nil, nil, err
			}
			if matchesCreation(k, body, started, r.opts.AdoptClockSlack) {
				matches = append(matches, k)
			}
		}
		switch len(matches) {
		case 1:
			if len(unread) > 0 {
				confirmed = nil
				break
			}
			// A cluster just created may still be missing from the list:
			// adopt only a match that stays the only one a moment later.
			if confirmed != nil && confirmed.ID == matches[0].ID {
				return matches[0], nil, nil
			}
			confirmed = matches[0]
		case 0:
			confirmed = nil
		default:
			var ids []string
			for _, k := range matches {
				ids = append(ids, k.ID)
			}
			return nil, ids, errAmbiguousCreate
		}
		if lookup >= r.opts.AdoptLookups {
			switch {
			case len(unread) > 0:
				for _, k := range matches {
					unread = append(unread, k.ID)
				}
				return nil, unread, errAmbiguousCreate
			case confirmed != nil:
				return confirmed, nil, nil
			}
			return nil, nil, nil
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, nil, ctx.Err()
		case <-t.C:
		}
		wait *= 2
	}
}

func matchesCreation(k *ovhapi.Kube, body ovhapi.KubeCreate, started time.Time, clockSlack time.Duration) bool {
	if k.Region != body.Region {
		return false
	}
	if body.Name != nil && k.Name != *body.Name {
		return false
	}
	created, err := time.Parse(time.RFC3339, k.CreatedAt)
	if err != nil {
		// Without a creation time the cluster cannot be told apart from an
		// older one of the same name.
		return false
	}
	return !created.Before(started.Add(-clockSlack))
}
