package rend

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// WebhookTolerance is how far a webhook's t may be from the clock before it is refused as a replay.
const WebhookTolerance = 300 * time.Second

// VerifyWebhook reports whether signatureHeader (the request's rend-signature:
// t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>, one v1 per signing secret during a
// rotation) signs body — the raw bytes as received — with secret, at a t within tolerance of now.
// Every v1 is compared in constant time.
func VerifyWebhook(body []byte, signatureHeader, secret string, now time.Time, tolerance time.Duration) bool {
	var t int64
	seen := false
	var signatures []string
	for _, part := range strings.Split(signatureHeader, ",") {
		item := strings.TrimSpace(part)
		switch {
		case strings.HasPrefix(item, "t="):
			v, err := strconv.ParseInt(item[2:], 10, 64)
			if err != nil || v < 0 {
				return false
			}
			t, seen = v, true
		case strings.HasPrefix(item, "v1="):
			signatures = append(signatures, item[3:])
		}
	}
	if !seen {
		return false
	}
	if d := now.Unix() - t; d > int64(tolerance/time.Second) || -d > int64(tolerance/time.Second) {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(t, 10) + "."))
	mac.Write(body)
	expected := mac.Sum(nil)
	match := false
	for _, signature := range signatures {
		given, err := hex.DecodeString(signature)
		if err == nil && hmac.Equal(given, expected) {
			match = true
		}
	}
	return match
}
