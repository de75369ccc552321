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

var (
	// adoptLookups bounds how many times the project's clusters are listed: a
	// new cluster may be missing from the list for a moment.
	adoptLookups = 4
	// adoptClockSlack allows for clock differences between the provider and
	// the API when comparing creation times.
	adoptClockSlack = 2 * time.Minute
	// createAttempts bounds the POSTs of one creation.
	createAttempts = 5
)

// errAmbiguousCreate is returned when several clusters could be the one
// created: choosing one could adopt somebody else's cluster.
var errAmbiguousCreate = errors.New("several clusters match")

// createCluster sends the creation and, when its answer is lost, adopts the
// cluster it created or sends it again once it is sure none was created.
func createCluster(ctx context.Context, c *ovhapi.Client, serviceName string, body ovhapi.KubeCreate) (*ovhapi.Kube, error) {
	var lastErr error
	for attempt := 1; attempt <= createAttempts; attempt++ {
		started := time.Now()
		k, err := c.CreateKube(ctx, serviceName, body)
		if err == nil {
			return k, nil
		}
		lastErr = err
		if !ovhapi.MaybeApplied(err) {
			return nil, err
		}
		tflog.Warn(ctx, "the answer to the cluster creation was lost; looking for the cluster", map[string]any{"error": err.Error()})
		// The caller's deadline may be what cut the answer: the lookup gets
		// its own short one.
		lookupCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
		found, ids, ferr := findCreated(lookupCtx, c, serviceName, body, started)
		cancel()
		switch {
		case found != nil:
			tflog.Info(ctx, "adopted the cluster whose creation answer was lost", map[string]any{"kube_id": found.ID})
			return found, nil
		case errors.Is(ferr, errAmbiguousCreate):
			return nil, fmt.Errorf("%w\n\nThe creation may have succeeded, but %d clusters match it (%s): none was adopted, to avoid "+
				"managing somebody else's cluster. Import the right one with: terraform import <address> %s/<id>",
				err, len(ids), strings.Join(ids, ", "), serviceName)
		case ferr != nil:
			return nil, fmt.Errorf("%w\n\nThe creation may have succeeded, and looking for the new cluster failed too: %v. "+
				"List the project's clusters and import the new one, if any, with: terraform import <address> %s/<id>",
				err, ferr, serviceName)
		}
		if ctx.Err() != nil {
			return nil, err
		}
		tflog.Warn(ctx, "no cluster was created; sending the creation again", map[string]any{"attempt": attempt + 1})
	}
	return nil, lastErr
}

// findCreated looks for a cluster matching the creation request and created
// after it was sent. It returns the cluster when exactly one matches, or the
// ids of the candidates with errAmbiguousCreate.
func findCreated(ctx context.Context, c *ovhapi.Client, serviceName string, body ovhapi.KubeCreate, started time.Time) (*ovhapi.Kube, []string, error) {
	wait := pollFirst
	var confirmed *ovhapi.Kube
	for lookup := 1; ; lookup++ {
		ids, err := c.ListKubes(ctx, serviceName)
		if err != nil {
			return nil, nil, err
		}
		var matches []*ovhapi.Kube
		for _, id := range ids {
			k, err := c.GetKube(ctx, serviceName, id)
			if ovhapi.IsNotFound(err) {
				continue
			}
			if err != nil {
				return nil, nil, err
			}
			if matchesCreation(k, body, started) {
				matches = append(matches, k)
			}
		}
		switch len(matches) {
		case 1:
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
		if lookup >= adoptLookups {
			if confirmed != nil {
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

func matchesCreation(k *ovhapi.Kube, body ovhapi.KubeCreate, started time.Time) bool {
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
	return !created.Before(started.Add(-adoptClockSlack))
}
