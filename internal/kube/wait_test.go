package kube

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

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

// fastConflicts paces the sends of a change refused with 409 in
// milliseconds, and allows two lost answers.
var fastConflicts = Options{ConflictFirst: time.Millisecond, ConflictMax: 4 * time.Millisecond, ChangeAttempts: 2}.withDefaults()

// busy is a 409 of a busy cluster; each call returns a new one, so that a
// test can tell which refusal an error wraps.
func busy(n int) *ovhapi.Error {
	return &ovhapi.Error{Method: "POST", Path: "/cloud/project/s1/kube/k1/nodepool", Status: 409,
		Class: "Client::Conflict::Busy", Message: fmt.Sprintf("cluster busy (%d)", n)}
}

// scriptedChange is a change whose sends answer errs in turn (nil: accepted)
// and whose checks answer dones in turn. It counts the calls.
type scriptedChange struct {
	errs        []error
	dones       []bool
	sends       int
	checks      int
	checkedErrs []error // the errors check was called with
}

func (s *scriptedChange) spec(what string) changeSpec[int] {
	return changeSpec[int]{
		send: func(context.Context) (int, error) {
			s.sends++
			if err := s.errs[min(s.sends, len(s.errs))-1]; err != nil {
				return 0, err
			}
			return 7, nil
		},
		uncertain: lostOrBusy,
		check: func(_ context.Context, err error) (int, bool, error) {
			s.checks++
			s.checkedErrs = append(s.checkedErrs, err)
			return 0, s.dones[min(s.checks, len(s.dones))-1], nil
		},
		attempts: fastConflicts.ChangeAttempts,
		opts:     fastConflicts,
		what:     what,
	}
}

func TestSendChangeWaitsOutConflictsWhateverTheAttempts(t *testing.T) {
	lost := &ovhapi.Error{Status: 502, Message: "lost"}
	conflicts := func(n int) []error {
		errs := make([]error, n)
		for i := range errs {
			errs[i] = busy(i + 1)
		}
		return errs
	}
	tests := []struct {
		name       string
		errs       []error
		wantSends  int
		wantChecks int
		wantErr    error
	}{
		{name: "409s past the attempts", errs: append(conflicts(8), nil), wantSends: 9, wantChecks: 8},
		{name: "lost answers among 409s are still bounded", errs: []error{busy(1), lost, busy(2), busy(3), lost, busy(4), nil},
			wantSends: 5, wantChecks: 5, wantErr: lost},
		{name: "a lost answer and 409s within the attempts", errs: []error{lost, busy(1), busy(2), busy(3), nil}, wantSends: 5, wantChecks: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if fastConflicts.ChangeAttempts != 2 {
				t.Fatalf("ChangeAttempts %d, want 2", fastConflicts.ChangeAttempts)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			s := &scriptedChange{errs: tt.errs, dones: []bool{false}}
			v, checked, err := sendChange(ctx, s.spec("node pool creation in cluster k1"))
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Errorf("error = %v, want %v", err, tt.wantErr)
			}
			if s.sends != tt.wantSends || s.checks != tt.wantChecks || checked {
				t.Errorf("sends %d, checks %d, checked %v; want %d, %d, false", s.sends, s.checks, checked, tt.wantSends, tt.wantChecks)
			}
			if tt.wantErr == nil && v != 7 {
				t.Errorf("value %d, want the accepted send's 7", v)
			}
			for i, cerr := range s.checkedErrs {
				if cerr != tt.errs[i] {
					t.Errorf("check %d looked after %v, want after %v", i+1, cerr, tt.errs[i])
				}
			}
		})
	}
}

// After a 409, check may find nothing left to send (the change went
// through meanwhile): the change ends with the value found.
func TestSendChangeConflictCheckedDone(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second) // against a change sent forever
	defer cancel()
	refusal, sends, checks := busy(1), 0, 0
	v, checked, err := sendChange(ctx, changeSpec[int]{
		send:      func(context.Context) (int, error) { sends++; return 0, refusal },
		uncertain: lostOrBusy,
		check: func(_ context.Context, err error) (int, bool, error) {
			checks++
			if err != refusal {
				t.Errorf("checked after %v, want the 409", err)
			}
			return 42, true, nil
		},
		attempts: 2, opts: fastConflicts, what: "OIDC creation",
	})
	if err != nil || v != 42 || !checked || sends != 1 || checks != 1 {
		t.Errorf("v %d, checked %v, err %v, sends %d, checks %d; want 42, true, nil, 1, 1", v, checked, err, sends, checks)
	}
}

// After a 409, check may find that it cannot be waited out (a name taken):
// its error ends the change.
func TestSendChangeConflictCheckError(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second) // against a change sent forever
	defer cancel()
	refusal, sends := busy(1), 0
	var cerr error
	_, checked, err := sendChange(ctx, changeSpec[int]{
		send:      func(context.Context) (int, error) { sends++; return 0, refusal },
		uncertain: lostOrBusy,
		check: func(_ context.Context, err error) (int, bool, error) {
			cerr = fmt.Errorf("%w\n\nA node pool of that name already exists", err)
			return 0, false, cerr
		},
		attempts: 2, opts: fastConflicts, what: "node pool creation",
	})
	if err == nil || err != cerr || !checked || sends != 1 {
		t.Errorf("err %v, checked %v, sends %d; want the check's error, true, 1", err, checked, sends)
	}
	if !errors.Is(err, refusal) {
		t.Errorf("error %v does not wrap the 409", err)
	}
}

func TestSendChangeConflictsUntilTheDeadline(t *testing.T) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Millisecond)
	defer cancel()
	var first, last *ovhapi.Error
	sends := 0
	_, checked, err := sendChange(ctx, changeSpec[int]{
		send: func(context.Context) (int, error) {
			sends++
			last = busy(sends)
			if first == nil {
				first = last
			}
			return 0, last
		},
		uncertain: lostOrBusy,
		check:     func(context.Context, error) (int, bool, error) { return 0, false, nil },
		attempts:  1, opts: fastConflicts, what: "node pool creation in cluster k1",
	})
	if elapsed := time.Since(start); elapsed < 60*time.Millisecond {
		t.Errorf("gave up after %s, before the deadline", elapsed)
	}
	if err == nil {
		t.Fatal("no error")
	}
	if sends < 3 || checked {
		t.Errorf("sends %d, checked %v; want at least 3 sends (past the attempts), not checked", sends, checked)
	}
	if !errors.Is(err, last) || (sends > 1 && errors.Is(err, first)) {
		t.Errorf("error %v does not wrap the last 409 (%v) alone", err, last)
	}
	want := regexp.MustCompile(`^` + regexp.QuoteMeta(last.Error()) +
		`\n\nThe cluster refused the node pool creation in cluster k1 (\d+) times in \d[0-9.a-zµ]*s because it was busy with another change; ` +
		regexp.QuoteMeta("raise the timeouts block's value if that change is still running") + `$`)
	m := want.FindStringSubmatch(err.Error())
	if m == nil {
		t.Fatalf("error = %q, want it to match %s", err, want)
	}
	if m[1] != fmt.Sprint(sends) {
		t.Errorf("the error counts %s refusals, want %d", m[1], sends)
	}
}

func TestSendChangeConflictsAreLogged(t *testing.T) {
	var buf bytes.Buffer
	ctx, cancel := context.WithTimeout(tflogtest.RootLogger(context.Background(), &buf), 5*time.Second)
	defer cancel()
	s := &scriptedChange{errs: []error{busy(1), busy(2), nil}, dones: []bool{false}}
	if _, _, err := sendChange(ctx, s.spec("OIDC creation in cluster k1")); err != nil {
		t.Fatal(err)
	}
	entries, err := tflogtest.MultilineJSONDecode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []struct {
		message string
		n       int
		fields  []string
	}{
		{"the cluster refused the change because it is busy (409); waiting for it to settle before sending the change again", 2, []string{"error"}},
		{"sending the change again after a pause: ", 2, []string{"pause_ms"}},
	} {
		found := logsWith(entries, l.message)
		if len(found) != l.n {
			t.Errorf("%d log lines %q, want %d: %v", len(found), l.message, l.n, entries)
			continue
		}
		for i, e := range found {
			if e["@level"] != "info" || e["change"] != "OIDC creation in cluster k1" || e["refusals"] != float64(i+1) {
				t.Errorf("log line %q: %v; want @level info, the change, refusals %d", l.message, e, i+1)
			}
			for _, f := range l.fields {
				if _, ok := e[f]; !ok {
					t.Errorf("log line %q without %s: %v", l.message, f, e)
				}
			}
		}
	}
	for _, e := range logsWith(entries, "sending the change again after a pause: ") {
		if ms, ok := e["pause_ms"].(float64); !ok || ms < 0 || ms > float64(fastConflicts.ConflictMax.Milliseconds()) {
			t.Errorf("pause_ms %v, want a number of milliseconds up to ConflictMax", e["pause_ms"])
		}
	}
	if through := logsWith(entries, "the change went through once the cluster accepted it"); len(through) != 1 || through[0]["refusals"] != float64(2) {
		t.Errorf("log lines of the change accepted: %v", through)
	}
}

func TestConflictPauseDoublesUpToTheMaximumWithJitter(t *testing.T) {
	o := Options{ConflictFirst: 100 * time.Millisecond, ConflictMax: 3 * time.Second}
	want := 100 * time.Millisecond
	for n := 1; n <= 10; n++ {
		for range 50 {
			if got := o.conflictPause(n); got < want/2 || got > want {
				t.Errorf("conflictPause(%d) = %s, want within [%s, %s]", n, got, want/2, want)
			}
		}
		want = min(2*want, o.ConflictMax)
	}
}

func TestConflictPauseDefaults(t *testing.T) {
	for _, o := range []Options{{ConflictFirst: time.Second, ConflictMax: 30 * time.Second}, DefaultOptions()} {
		for _, tt := range []struct {
			n        int
			low, top time.Duration
		}{{1, 500 * time.Millisecond, time.Second}, {10, 15 * time.Second, 30 * time.Second}} {
			for range 50 {
				if got := o.conflictPause(tt.n); got < tt.low || got > tt.top {
					t.Errorf("conflictPause(%d) = %s, want within [%s, %s]", tt.n, got, tt.low, tt.top)
				}
			}
		}
	}
}

func TestConflictPauseIsJittered(t *testing.T) {
	o := Options{ConflictFirst: time.Second, ConflictMax: 30 * time.Second}
	seen := map[time.Duration]bool{}
	for range 200 {
		seen[o.conflictPause(3)] = true
	}
	if len(seen) < 2 {
		t.Errorf("200 pauses all equal to %v: no jitter", seen)
	}
}

// A change refused with 409 is sent again only after its pause: at least
// half of ConflictFirst doubled per refusal, up to ConflictMax.
func TestSendChangePausesBetweenConflicts(t *testing.T) {
	o := Options{ConflictFirst: 10 * time.Millisecond, ConflictMax: 20 * time.Millisecond}.withDefaults()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var sent []time.Time
	_, _, err := sendChange(ctx, changeSpec[int]{
		send: func(context.Context) (int, error) {
			sent = append(sent, time.Now())
			if len(sent) <= 3 {
				return 0, busy(len(sent))
			}
			return 0, nil
		},
		uncertain: lostOrBusy,
		check:     func(context.Context, error) (int, bool, error) { return 0, false, nil },
		attempts:  1, opts: o, what: "OIDC creation",
	})
	if err != nil || len(sent) != 4 {
		t.Fatalf("err %v after %d sends; want none after 4", err, len(sent))
	}
	for i, least := range []time.Duration{5 * time.Millisecond, 10 * time.Millisecond, 10 * time.Millisecond} {
		if gap := sent[i+1].Sub(sent[i]); gap < least {
			t.Errorf("send %d came %s after the refusal %d, want a pause of at least %s", i+2, gap, i+1, least)
		}
	}
}
