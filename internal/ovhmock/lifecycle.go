package ovhmock

import (
	"slices"
	"time"
)

// clusterState is a cluster as the mock holds it: the truth, plus what the
// API shows of it while a change propagates, plus what only other endpoints
// expose.
type clusterState struct {
	c   Cluster
	seq int // creation order

	visibleAt time.Time   // before it, the API answers 404 (a new cluster)
	op        *transition // transient status in progress, if any

	// stale is what reads answer until staleUntil: the cluster as it was
	// before the last change.
	stale      *Cluster
	staleUntil time.Time

	// staleStatus, when not empty, is the status reads answer until
	// staleStatusUntil in place of the true one: the status from before a
	// change the API is slow to show (Timings.StaleStatus).
	staleStatus      string
	staleStatusUntil time.Time

	ipRestrictions []string
	creds          *credentials // generated on first use
	oidc           oidcState
	etcd           *EtcdUsage // nil: Options.Etcd

	// logSubscriptions are the cluster's log subscriptions, by id (see
	// logsub.go). One of kind "audit" whose creation succeeded makes the
	// cluster answer auditLogsSubscribed true.
	logSubscriptions map[string]*logSubscription
	// seenAt is the time of the last look (advance).
	seenAt time.Time

	pools   map[string]*poolState // by id; nil until the first pool
	poolSeq int                   // pools created so far, for their order
}

// transition is a transient status waiting for its end.
type transition struct {
	until time.Time
	then  string // status at the end; "" when the cluster is then gone
}

// advance applies what time has done since the last look. Statuses are
// computed lazily from timestamps rather than with timers, so an injected
// clock drives them and no goroutine outlives a test. It reports false once
// the cluster is gone.
func (cs *clusterState) advance(now time.Time) bool {
	cs.seenAt = now
	if cs.stale != nil && !now.Before(cs.staleUntil) {
		cs.stale = nil
	}
	if cs.staleStatus != "" && !now.Before(cs.staleStatusUntil) {
		cs.staleStatus = ""
	}
	if cs.op == nil || now.Before(cs.op.until) {
		return true
	}
	if cs.op.then == "" {
		return false
	}
	cs.c.Status = cs.op.then
	cs.c.UpdatedAt = timestamp(cs.op.until)
	cs.op = nil
	return true
}

// view is the cluster as a read through the API shows it.
func (cs *clusterState) view() Cluster {
	v := cs.c
	if cs.stale != nil {
		v = *cs.stale
	}
	v = v.clone()
	if cs.staleStatus != "" {
		v.Status = cs.staleStatus
	}
	v.AuditLogsSubscribed = cs.auditLogsSubscribed()
	return v
}

// auditLogsSubscribed tells whether a log subscription of kind "audit"
// forwards the cluster's audit logs: one whose creation operation has
// succeeded, at the time of the last look.
func (cs *clusterState) auditLogsSubscribed() bool {
	for _, s := range cs.logSubscriptions {
		if s.Kind == logKindAudit && !s.failing && !cs.seenAt.Before(s.doneAt) {
			return true
		}
	}
	return false
}

// logKindAudit is the only log kind of a cluster.
const logKindAudit = "audit"

// startTransition puts the cluster in a transient status for d, after the
// stale-read window during which reads still show it as it was before.
func (m *Mock) startTransition(cs *clusterState, before Cluster, now time.Time, status string, d time.Duration, then string) {
	m.touched(cs, before, now)
	cs.c.Status = status
	cs.op = &transition{until: now.Add(m.opts.Timings.StaleRead + d), then: then}
}

// touched records a change that has no transient status: reads still show
// the old values for the stale-read window. A status lag still running
// (lagStatus) ends: the API shows this change's status as usual.
func (m *Mock) touched(cs *clusterState, before Cluster, now time.Time) {
	if d := m.opts.Timings.StaleRead; d > 0 {
		cs.stale, cs.staleUntil = &before, now.Add(d)
	}
	cs.staleStatus = ""
	cs.c.UpdatedAt = timestamp(now)
}

// lagStatus makes reads keep showing status, the cluster's status before
// the change that has just started a transition, for Timings.StaleStatus
// from now, but never past the end of that transition: the status the
// transition ends in shows at once. The true status, and so busy, are
// unaffected.
func (m *Mock) lagStatus(cs *clusterState, status string, now time.Time) {
	d := m.opts.Timings.StaleStatus
	if d <= 0 || cs.op == nil {
		return
	}
	cs.staleStatus, cs.staleStatusUntil = status, now.Add(d)
	if cs.op.until.Before(cs.staleStatusUntil) {
		cs.staleStatusUntil = cs.op.until
	}
}

// resume gives a cluster loaded in a transient status the end it would have
// had, so that preloaded or restored clusters do not stay busy forever.
func (m *Mock) resume(cs *clusterState, now time.Time) {
	t := m.opts.Timings
	durations := map[string]time.Duration{
		StatusInstalling:  t.Install,
		StatusUpdating:    t.Update,
		StatusResetting:   t.Reset,
		StatusRedeploying: t.Redeploy,
		StatusDeleting:    t.Delete,
	}
	d, transient := durations[cs.c.Status]
	if !transient {
		cs.op = nil
		return
	}
	then := StatusReady
	if cs.c.Status == StatusDeleting {
		then = ""
	}
	cs.op = &transition{until: now.Add(d), then: then}
}

// busy reports why a cluster refuses changes, or nil. Deleting and resetting
// are the ways out of a failed cluster, so allowFailed lets them through.
func (cs *clusterState) busy(allowFailed bool) error {
	s := cs.c.Status
	if cs.op == nil && (s == StatusReady || allowFailed && failedStatus(s)) {
		return nil
	}
	return conflict("Cluster %s is in status %s; retry once it is %s", cs.c.ID, s, StatusReady)
}

// lookup returns a cluster that still exists, forgetting it once its
// deletion has completed. The caller holds m.mu.
func (p *project) lookup(id string, now time.Time) *clusterState {
	cs := p.clusters[id]
	if cs == nil {
		return nil
	}
	if !cs.advance(now) {
		delete(p.clusters, id)
		return nil
	}
	return cs
}

// all returns every cluster of p that still exists, in creation order,
// forgetting those whose deletion has completed. The caller holds m.mu.
func (p *project) all(now time.Time) []*clusterState {
	var out []*clusterState
	for id := range p.clusters {
		if cs := p.lookup(id, now); cs != nil {
			out = append(out, cs)
		}
	}
	slices.SortFunc(out, func(a, b *clusterState) int { return a.seq - b.seq })
	return out
}

// timestamp is how the API renders dates: UTC, whole seconds.
func timestamp(t time.Time) time.Time {
	return t.UTC().Truncate(time.Second)
}

// SetLogSubscription gives cluster kubeID a log subscription of the given
// kind under id, to the first known stream, at once, or removes
// subscription id when kind is empty: AddLogSubscription and
// RemoveLogSubscription in one call.
func (m *Mock) SetLogSubscription(project, kubeID, id, kind string) error {
	if kind == "" {
		m.RemoveLogSubscription(project, kubeID, id)
		return nil
	}
	_, err := m.AddLogSubscription(project, kubeID, LogSubscription{SubscriptionID: id, Kind: kind})
	return err
}
