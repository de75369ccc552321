package ovhmock

import (
	"crypto/sha1"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// signatureWindow is how far a signed request's timestamp may be from the
// mock's clock. go-ovh derives its timestamps from /auth/time, so a correct
// client is always well inside it.
const signatureWindow = 3 * time.Minute

// authenticate accepts either the configured bearer token or a request signed
// the way go-ovh signs: "$1$" + hex(sha1(AS+"+"+CK+"+"+METHOD+"+"+URL+"+"+body+"+"+timestamp)).
func (m *Mock) authenticate(r *http.Request, body []byte, now time.Time) *apiError {
	if auth := r.Header.Get("Authorization"); auth != "" {
		token, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok || !equal(token, m.opts.AccessToken) {
			return forbidden("INVALID_CREDENTIAL", "Invalid access token")
		}
		return nil
	}
	appKey := r.Header.Get("X-Ovh-Application")
	if appKey == "" {
		return forbidden("NOT_AUTHENTICATED", "You must login first")
	}
	if !equal(appKey, m.opts.ApplicationKey) {
		return forbidden("INVALID_KEY", "Invalid application key")
	}
	consumer, signature := r.Header.Get("X-Ovh-Consumer"), r.Header.Get("X-Ovh-Signature")
	if consumer == "" || signature == "" {
		return forbidden("NOT_AUTHENTICATED", "You must login first")
	}
	if !equal(consumer, m.opts.ConsumerKey) {
		return forbidden("INVALID_CREDENTIAL", "This credential does not exist")
	}
	stamp := r.Header.Get("X-Ovh-Timestamp")
	unix, err := strconv.ParseInt(stamp, 10, 64)
	if err != nil {
		return forbidden("INVALID_TIMESTAMP", "Invalid timestamp")
	}
	want := sign(m.opts.ApplicationSecret, consumer, r.Method, requestURL(r), body, stamp)
	if !equal(signature, want) {
		return forbidden("INVALID_SIGNATURE", "Invalid signature")
	}
	if skew := now.Sub(time.Unix(unix, 0)); skew > signatureWindow || skew < -signatureWindow {
		return forbidden("INVALID_TIMESTAMP", "Timestamp is too far from the server time")
	}
	return nil
}

func sign(secret, consumer, method, url string, body []byte, timestamp string) string {
	sum := sha1.Sum([]byte(strings.Join([]string{secret, consumer, method, url, string(body), timestamp}, "+")))
	return "$1$" + hex.EncodeToString(sum[:])
}

// requestURL rebuilds the URL the client signed. The raw request target is
// used as received, since re-encoding could differ from what was signed.
func requestURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	target := r.RequestURI
	if target == "" {
		target = r.URL.RequestURI()
	}
	return scheme + "://" + r.Host + target
}

func equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
