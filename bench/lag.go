package main

import (
	"net/http"
	"strings"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhmock"
)

// lagStats describe, over the clusters or node pools of a scenario, the time
// from the end of a transition in the mock (READY after a create, 404 after a
// delete) to the provider's first GET that saw it: what polling adds to each
// wait.
type lagStats struct {
	n          int
	mean, max  time.Duration
	polls      float64       // GETs of an object per object
	afterSeen  time.Duration // mean time from that GET to the object's last request
	unobserved int
}

func summarise(lags, after []time.Duration, polls, unobserved int) lagStats {
	st := lagStats{n: len(lags), unobserved: unobserved}
	if len(lags) == 0 {
		return st
	}
	var sum, sumAfter time.Duration
	for i, l := range lags {
		sum += l
		sumAfter += after[i]
		st.max = max(st.max, l)
	}
	st.mean = sum / time.Duration(len(lags))
	st.afterSeen = sumAfter / time.Duration(len(lags))
	st.polls = float64(polls) / float64(len(lags)+unobserved)
	return st
}

// pathID is the path segment after marker ("/kube/", "/nodepool/") in a
// request to a known route, or "".
func pathID(r ovhmock.Request, marker string) string {
	if r.Route == "" {
		return ""
	}
	i := strings.Index(r.Path, marker)
	if i < 0 {
		return ""
	}
	id, _, _ := strings.Cut(r.Path[i+len(marker):], "/")
	return id
}

func clusterID(r ovhmock.Request) string { return pathID(r, "/kube/") }

// createLag pairs each creation (its POST time, noted by mockSwitch up to
// the microseconds the mock takes to take its lock) with the first successful
// GET of the object (getRoute; idOf tells which object a request is about) at
// or after the moment it turned READY.
func createLag(reqs []ovhmock.Request, created map[string]time.Time, getRoute string, idOf func(ovhmock.Request) string, createTime time.Duration) lagStats {
	var lags, after []time.Duration
	polls, unobserved := 0, 0
	byID := map[string][]ovhmock.Request{}
	for _, r := range reqs {
		if id := idOf(r); id != "" {
			byID[id] = append(byID[id], r)
		}
	}
	for id, post := range created {
		ready := post.Add(createTime)
		var seen time.Time
		rs := byID[id]
		for _, r := range rs {
			if r.Method == http.MethodGet && r.Route == getRoute {
				polls++
				if seen.IsZero() && r.Status == http.StatusOK && !r.Time.Before(ready) {
					seen = r.Time
				}
			}
		}
		if seen.IsZero() {
			unobserved++
			continue
		}
		lags = append(lags, seen.Sub(ready))
		after = append(after, rs[len(rs)-1].Time.Sub(seen))
	}
	return summarise(lags, after, polls, unobserved)
}

// deleteLag pairs each DELETE with the first GET of the cluster answering 404.
func deleteLag(reqs []ovhmock.Request, deleteTime time.Duration) lagStats {
	var lags, after []time.Duration
	polls, unobserved := 0, 0
	deleted := map[string]time.Time{}
	seen := map[string]time.Time{}
	last := map[string]time.Time{}
	for _, r := range reqs {
		id := clusterID(r)
		if id == "" {
			continue
		}
		last[id] = r.Time
		switch {
		case r.Method == http.MethodDelete && r.Route == routeCluster && r.Status == http.StatusOK:
			if _, dup := deleted[id]; !dup {
				deleted[id] = r.Time
			}
		case r.Method == http.MethodGet && r.Route == routeCluster:
			if _, ok := deleted[id]; ok {
				polls++
				if _, done := seen[id]; !done && r.Status == http.StatusNotFound {
					seen[id] = r.Time
				}
			}
		}
	}
	for id, at := range deleted {
		s, ok := seen[id]
		if !ok {
			unobserved++
			continue
		}
		lags = append(lags, s.Sub(at.Add(deleteTime)))
		after = append(after, last[id].Sub(s))
	}
	return summarise(lags, after, polls, unobserved)
}
