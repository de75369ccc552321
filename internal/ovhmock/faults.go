package ovhmock

import "net/http"

// faultDraw is the fate of one API request.
type faultDraw struct {
	serverError     int // 0, or the 5xx status to answer with
	rateLimited     bool
	appliedThenFail bool
}

// drawFaults always consumes the same number of values from the seeded
// source, whatever the rates, so that the n-th request meets the same draws
// on every run and a higher rate fails a superset of the requests a lower
// rate fails. The caller holds m.mu.
func (m *Mock) drawFaults() faultDraw {
	f := m.opts.Faults
	serverError, rateLimit, applied := m.rng.Float64(), m.rng.Float64(), m.rng.Float64()
	status := []int{http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable}[m.rng.Intn(3)]
	var d faultDraw
	if serverError < f.ServerErrorRate {
		d.serverError = status
	}
	d.rateLimited = rateLimit < f.RateLimitRate
	d.appliedThenFail = applied < f.AppliedThenFailRate
	return d
}

// drawInstallFailure decides whether a new cluster will end in ERROR. The
// caller holds m.mu.
func (m *Mock) drawInstallFailure() bool {
	return m.rng.Float64() < m.opts.Faults.InstallErrorRate
}
