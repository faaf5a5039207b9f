package rend

import (
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"time"
)

// RetryPolicy retries 429 and 5xx answers and broken connections: Retry-After when the answer has
// one, else exponential backoff with full jitter (BaseDelay * 2^attempt, at most MaxDelay).
// MaxRetries 0 turns retries off.
type RetryPolicy struct {
	MaxRetries int
	BaseDelay  time.Duration
	MaxDelay   time.Duration
}

// DefaultRetryPolicy is what New uses.
var DefaultRetryPolicy = RetryPolicy{MaxRetries: 4, BaseDelay: 500 * time.Millisecond, MaxDelay: 30 * time.Second}

func (p RetryPolicy) delay(attempt int, hinted time.Duration, hasHint bool) time.Duration {
	if hasHint {
		return min(hinted, p.MaxDelay)
	}
	ceiling := min(p.MaxDelay, p.BaseDelay<<attempt)
	if ceiling <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(ceiling) + 1))
}

func retriesStatus(status int) bool {
	return status == http.StatusTooManyRequests || status >= 500
}

// retryingTransport is the one place retries happen: every request of the SDK, generated or
// hand-written, goes through it. A request with a body is retried only when it can be sent again
// (GetBody set: the SDK sets it for uploads from a file).
type retryingTransport struct {
	next   http.RoundTripper
	policy RetryPolicy
}

func (t *retryingTransport) RoundTrip(request *http.Request) (*http.Response, error) {
	replayable := request.Body == nil || request.Body == http.NoBody || request.GetBody != nil
	for attempt := 0; ; attempt++ {
		if attempt > 0 && request.GetBody != nil {
			body, err := request.GetBody()
			if err != nil {
				return nil, err
			}
			request = request.Clone(request.Context())
			request.Body = body
		}
		response, err := t.next.RoundTrip(request)
		last := !replayable || attempt >= t.policy.MaxRetries
		if err == nil && (!retriesStatus(response.StatusCode) || last) {
			return response, nil
		}
		if err != nil && (last || request.Context().Err() != nil) {
			return nil, err
		}
		var wait time.Duration
		if err == nil {
			hinted, has := retryAfter(response.Header)
			wait = t.policy.delay(attempt, hinted, has)
			_, _ = io.Copy(io.Discard, io.LimitReader(response.Body, 64<<10))
			response.Body.Close()
		} else {
			wait = t.policy.delay(attempt, 0, false)
		}
		if err := sleep(request.Context(), wait); err != nil {
			return nil, err
		}
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
