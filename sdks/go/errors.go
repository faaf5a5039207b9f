package rend

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Error is an error answer of the API: the HTTP status, the stable machine-readable Code (one of
// the spec's ErrorCode values, kept as a string so codes added later still arrive), the Message for
// humans and, on 429/503, Retry-After.
type Error struct {
	Status        int
	Code          string
	Message       string
	RetryAfter    time.Duration
	HasRetryAfter bool
}

func (e *Error) Error() string {
	return fmt.Sprintf("rend: %d %s: %s", e.Status, e.Code, e.Message)
}

// errorFrom reads Rend's error shape {"error": {"code", "message"}}; another body (a proxy's page)
// keeps the status and the body's start.
func errorFrom(response *http.Response, body []byte) *Error {
	e := &Error{Status: response.StatusCode, Code: "http_" + strconv.Itoa(response.StatusCode)}
	var shape struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &shape) == nil && shape.Error.Code != "" {
		e.Code, e.Message = shape.Error.Code, shape.Error.Message
	} else {
		e.Message = string(body[:min(len(body), 200)])
	}
	e.RetryAfter, e.HasRetryAfter = retryAfter(response.Header)
	return e
}

func retryAfter(header http.Header) (time.Duration, bool) {
	value := strings.TrimSpace(header.Get("Retry-After"))
	if value == "" {
		return 0, false
	}
	seconds, err := strconv.ParseFloat(value, 64)
	if err != nil || seconds < 0 {
		return 0, false // an HTTP-date: Rend sends seconds; back off instead
	}
	return time.Duration(seconds * float64(time.Second)), true
}

// AssetFailedError says the asset will not become playable: processing failed (Code is its
// failure code) or it was deleted (Code "asset_deleted").
type AssetFailedError struct {
	AssetID string
	Code    string
	Message string
}

func (e *AssetFailedError) Error() string {
	return fmt.Sprintf("rend: asset %s will not play: %s: %s", e.AssetID, e.Code, e.Message)
}
