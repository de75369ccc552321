package kube

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mkscloud/terraform-provider-ovh/internal/ovhapi"
)

func TestNextPollStaysCloseToTheTimeWaited(t *testing.T) {
	o := DefaultOptions()
	tests := []struct {
		elapsed, want time.Duration
	}{
		{0, 200 * time.Millisecond},
		{time.Second, 200 * time.Millisecond},
		{2100 * time.Millisecond, 210 * time.Millisecond},
		{5 * time.Second, 500 * time.Millisecond},
		{time.Minute, 6 * time.Second},
		{10 * time.Minute, 15 * time.Second},
	}
	for _, tt := range tests {
		if got := o.nextPoll(tt.elapsed); got != tt.want {
			t.Errorf("o.nextPoll(%s) = %s, want %s", tt.elapsed, got, tt.want)
		}
	}
	// A ten-minute operation costs a bounded number of GETs.
	polls, elapsed := 0, time.Duration(0)
	for elapsed < 10*time.Minute {
		elapsed += o.nextPoll(elapsed)
		polls++
	}
	if polls > 100 {
		t.Errorf("%d polls for a ten-minute wait, want at most 100", polls)
	}
	t.Logf("%d polls for a ten-minute wait", polls)
}

// fakeObject is what a scripted refresh returns.
type fakeObject struct {
	status  string
	applied bool
}

// script answers one step per poll and repeats its last step.
func script(steps ...func() (fakeObject, error)) (func(context.Context) (fakeObject, string, error), *int) {
	polls := 0
	return func(context.Context) (fakeObject, string, error) {
		i := min(polls, len(steps)-1)
		polls++
		o, err := steps[i]()
		return o, o.status, err
	}, &polls
}

func is(status string) func() (fakeObject, error) {
	return func() (fakeObject, error) { return fakeObject{status: status}, nil }
}

func isApplied(status string) func() (fakeObject, error) {
	return func() (fakeObject, error) { return fakeObject{status: status, applied: true}, nil }
}

func fails(status int) func() (fakeObject, error) {
	return func() (fakeObject, error) { return fakeObject{}, &ovhapi.Error{Status: status, Message: "scripted"} }
}

var fastWait = Options{PollFirst: time.Millisecond, PollMax: 2 * time.Millisecond, StaleGrace: 50 * time.Millisecond}.withDefaults()

func TestWaitFor(t *testing.T) {
	tests := []struct {
		name      string
		steps     []func() (fakeObject, error)
		spec      func(*waitSpec[fakeObject])
		wantPolls int
		wantErr   string
	}{
		{name: "target at the first poll", steps: steps(is("READY")), wantPolls: 1},
		{name: "through transitions", steps: steps(is("INSTALLING"), is("UPDATING"), is("READY")), wantPolls: 3},
		{name: "failed status stops at once", steps: steps(is("INSTALLING"), is("ERROR"), is("READY")), wantPolls: 2,
			wantErr: "thing t1 went to status ERROR during its creation; it needs attention in the OVHcloud Control Panel or from support"},
		{name: "user error stops at once", steps: steps(is("USER_QUOTA_ERROR")), wantPolls: 1,
			wantErr: "thing t1 went to status USER_QUOTA_ERROR during its creation"},
		{name: "404 is an error by default", steps: steps(fails(404), is("READY")), wantPolls: 1, wantErr: "scripted"},
		{name: "404 pending for a new object", steps: steps(fails(404), fails(404), is("INSTALLING"), is("READY")), wantPolls: 4,
			spec: func(w *waitSpec[fakeObject]) { w.notFoundIsPending = true }},
		{name: "404 is the target of a deletion", steps: steps(is("DELETING"), fails(404)), wantPolls: 2,
			spec: func(w *waitSpec[fakeObject]) { w.target, w.notFoundIsTarget = nil, true }},
		{name: "other errors end the wait", steps: steps(is("INSTALLING"), fails(500)), wantPolls: 2, wantErr: "scripted"},
		{name: "a stale READY is not taken for the change", steps: steps(is("READY"), is("READY"), isApplied("READY")), wantPolls: 3,
			spec: func(w *waitSpec[fakeObject]) { w.applied = func(o fakeObject) bool { return o.applied } }},
		{name: "READY after a transition counts", steps: steps(is("READY"), is("UPDATING"), is("READY")), wantPolls: 3,
			spec: func(w *waitSpec[fakeObject]) { w.applied = func(o fakeObject) bool { return o.applied } }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			refresh, polls := script(tt.steps...)
			w := waitSpec[fakeObject]{kind: "thing", id: "t1", operation: "creation", refresh: refresh, target: []string{"READY"}}
			if tt.spec != nil {
				tt.spec(&w)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_, err := waitFor(ctx, fastWait, w)
			if tt.wantErr == "" && err != nil {
				t.Fatalf("error: %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("error = %v, want %q", err, tt.wantErr)
			}
			if *polls != tt.wantPolls {
				t.Errorf("%d polls, want %d", *polls, tt.wantPolls)
			}
		})
	}
}

func steps(s ...func() (fakeObject, error)) []func() (fakeObject, error) { return s }

func TestWaitForStaleReadyEndsAfterTheGrace(t *testing.T) {
	refresh, polls := script(is("READY"))
	w := waitSpec[fakeObject]{kind: "thing", id: "t1", operation: "update", refresh: refresh, target: []string{"READY"},
		applied: func(fakeObject) bool { return false }}
	start := time.Now()
	if _, err := waitFor(context.Background(), fastWait, w); err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed < fastWait.StaleGrace {
		t.Errorf("a READY that never shows the change was taken after %s, before the grace of %s", elapsed, fastWait.StaleGrace)
	}
	if *polls < 2 {
		t.Errorf("%d polls", *polls)
	}
}

func TestWaitForTimesOutWithTheLastStatus(t *testing.T) {
	refresh, _ := script(is("INSTALLING"))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	_, err := waitFor(ctx, fastWait, waitSpec[fakeObject]{kind: "thing", id: "t1", operation: "creation", refresh: refresh, target: []string{"READY"}})
	want := "waiting for the creation of thing t1 (last status INSTALLING); raise the timeouts block's value if the operation is still running"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error = %v, want it to contain %q", err, want)
	}
}

func TestSendChange(t *testing.T) {
	lost := &ovhapi.Error{Status: 502, Message: "lost"}
	refused := &ovhapi.Error{Status: 400, Message: "refused"}
	tests := []struct {
		name        string
		answers     []error
		checks      []bool // done, per check
		attempts    int
		wantSends   int
		wantChecks  int
		wantErr     error
		wantChecked bool
	}{
		{name: "accepted", answers: []error{nil}, attempts: 3, wantSends: 1},
		{name: "refused is not checked", answers: []error{refused}, attempts: 3, wantSends: 1, wantErr: refused},
		{name: "lost but applied", answers: []error{lost}, checks: []bool{true}, attempts: 3, wantSends: 1, wantChecks: 1, wantChecked: true},
		{name: "lost, not applied, sent again", answers: []error{lost, nil}, checks: []bool{false}, attempts: 3, wantSends: 2, wantChecks: 1},
		{name: "the last attempt is checked too", answers: []error{lost, lost}, checks: []bool{false, true}, attempts: 2, wantSends: 2, wantChecks: 2, wantChecked: true},
		{name: "attempts bound the sends", answers: []error{lost, lost, lost}, checks: []bool{false, false, false}, attempts: 2, wantSends: 2, wantChecks: 2, wantErr: lost},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sends, checks := 0, 0
			_, checked, err := sendChange(context.Background(), changeSpec[int]{
				send: func(context.Context) (int, error) {
					sends++
					return 0, tt.answers[min(sends, len(tt.answers))-1]
				},
				uncertain: lostOrBusy,
				check: func(_ context.Context, err error) (int, bool, error) {
					checks++
					return 0, tt.checks[checks-1], nil
				},
				attempts: tt.attempts,
			})
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Errorf("error = %v, want %v", err, tt.wantErr)
			}
			if sends != tt.wantSends || checks != tt.wantChecks || checked != tt.wantChecked {
				t.Errorf("sends %d, checks %d, checked %v; want %d, %d, %v", sends, checks, checked, tt.wantSends, tt.wantChecks, tt.wantChecked)
			}
		})
	}
}

// A deadline that cut the answer does not prevent the look: the change may
// have been applied, and the caller must learn it.
func TestSendChangeChecksPastTheDeadline(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	checked := false
	_, _, err := sendChange(ctx, changeSpec[int]{
		send: func(context.Context) (int, error) {
			cancel()
			return 0, &ovhapi.Error{Status: 504, Message: "cut"}
		},
		uncertain: lostOrBusy,
		check:     func(context.Context, error) (int, bool, error) { checked = true; return 0, false, nil },
		attempts:  5,
	})
	if !checked || err == nil {
		t.Fatalf("checked = %v, err = %v; want a check, then the error", checked, err)
	}
}
