package kube

import (
	"cmp"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

// Options tunes the waits and the retries of every resource of this package.
// A zero field takes its default; tests against the mock, whose
// transitions take milliseconds, shorten the polling.
type Options struct {
	// PollFirst is the shortest interval between two polls of a wait, and
	// PollMax the longest; in between, an interval is PollFraction of the
	// time waited so far (see nextPoll).
	PollFirst    time.Duration
	PollMax      time.Duration
	PollFraction float64
	// StaleGrace bounds how long a READY answer that still shows the old
	// values is taken for a change that has not started yet.
	StaleGrace time.Duration
	// ChangeAttempts bounds the requests of one change whose answers are
	// lost. A change refused because the target is busy (409) is sent again
	// until the operation's timeout instead.
	ChangeAttempts int
	// ConflictFirst is the first pause before a change refused with 409
	// (a busy cluster) is sent again, and ConflictMax the longest; the
	// pauses double in between, with jitter, until the operation's timeout.
	ConflictFirst time.Duration
	ConflictMax   time.Duration
	// NoClusterLock lets the changes to one cluster run at the same time
	// within the provider process, leaving the API's 409s to sendChange
	// alone. For the benchmark that compares the two.
	NoClusterLock bool
	// CreateAttempts bounds the POSTs of one creation whose answers are lost.
	CreateAttempts int
	// AdoptLookups bounds how many times a lost creation is looked for: a
	// new object may be missing from a list for a moment.
	AdoptLookups int
	// AdoptClockSlack allows for clock differences between the provider and
	// the API when comparing creation times.
	AdoptClockSlack time.Duration
	// CheckShortcuts makes the provider's server (provider.NewServer)
	// compare every answer of a shortcut that skips the framework
	// (ClusterRefresher, ClusterPlanner) with the framework's own answer to
	// the same request, and fail the request on a difference. For tests.
	CheckShortcuts bool
}

// DefaultOptions are the settings used against the real API.
func DefaultOptions() Options { return Options{}.withDefaults() }

func (o Options) withDefaults() Options {
	o.PollFirst = cmp.Or(o.PollFirst, 200*time.Millisecond)
	o.PollMax = cmp.Or(o.PollMax, 15*time.Second)
	o.PollFraction = cmp.Or(o.PollFraction, 0.1)
	o.StaleGrace = cmp.Or(o.StaleGrace, 10*time.Second)
	o.ChangeAttempts = cmp.Or(o.ChangeAttempts, 4)
	o.ConflictFirst = cmp.Or(o.ConflictFirst, time.Second)
	o.ConflictMax = cmp.Or(o.ConflictMax, 30*time.Second)
	o.CreateAttempts = cmp.Or(o.CreateAttempts, 5)
	o.AdoptLookups = cmp.Or(o.AdoptLookups, 4)
	o.AdoptClockSlack = cmp.Or(o.AdoptClockSlack, 2*time.Minute)
	return o
}

// ProviderData is what the provider hands to every resource and data source
// of this package: the one API client they share, the tuning, and what is
// cached for the life of the provider process.
type ProviderData struct {
	Client  *ovhapi.Client
	Options Options
	flavors *flavorCache
	locks   *clusterLocks
}

// NewProviderData builds the data the provider hands to every resource.
func NewProviderData(client *ovhapi.Client, opts Options) *ProviderData {
	pd := &ProviderData{Client: client, Options: opts, flavors: &flavorCache{}}
	if !opts.NoClusterLock {
		pd.locks = &clusterLocks{}
	}
	return pd
}
