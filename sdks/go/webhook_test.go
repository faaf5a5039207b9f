package rend

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"
)

const webhookBody = `{"event_id":"e","event_type":"asset.created","sequence":7}`

var webhookT = time.Unix(1_800_000_000, 0)

func sign(secret string, at time.Time, body string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(fmt.Sprintf("%d.%s", at.Unix(), body)))
	return hex.EncodeToString(mac.Sum(nil))
}

func TestVerifyWebhookAcceptsItsSecretWithin300Seconds(t *testing.T) {
	header := fmt.Sprintf("t=%d,v1=%s", webhookT.Unix(), sign("whsec_a", webhookT, webhookBody))
	if !VerifyWebhook([]byte(webhookBody), header, "whsec_a", webhookT, WebhookTolerance) {
		t.Fatal("a good signature did not verify")
	}
	if !VerifyWebhook([]byte(webhookBody), header, "whsec_a", webhookT.Add(300*time.Second), WebhookTolerance) {
		t.Fatal("a signature 300 s old did not verify")
	}
}

func TestVerifyWebhookRefusesATamperedBodyAnotherSecretOrAnOldT(t *testing.T) {
	header := fmt.Sprintf("t=%d,v1=%s", webhookT.Unix(), sign("whsec_a", webhookT, webhookBody))
	cases := map[string]bool{
		"tampered":  VerifyWebhook([]byte(strings.Replace(webhookBody, "7", "8", 1)), header, "whsec_a", webhookT, WebhookTolerance),
		"secret":    VerifyWebhook([]byte(webhookBody), header, "whsec_b", webhookT, WebhookTolerance),
		"late":      VerifyWebhook([]byte(webhookBody), header, "whsec_a", webhookT.Add(301*time.Second), WebhookTolerance),
		"early":     VerifyWebhook([]byte(webhookBody), header, "whsec_a", webhookT.Add(-301*time.Second), WebhookTolerance),
		"moved t":   VerifyWebhook([]byte(webhookBody), strings.Replace(header, "t=1800000000", "t=1800000001", 1), "whsec_a", webhookT, WebhookTolerance),
		"no header": VerifyWebhook([]byte(webhookBody), "", "whsec_a", webhookT, WebhookTolerance),
		"no t":      VerifyWebhook([]byte(webhookBody), "v1="+sign("whsec_a", webhookT, webhookBody), "whsec_a", webhookT, WebhookTolerance),
	}
	for name, ok := range cases {
		if ok {
			t.Errorf("%s: verified", name)
		}
	}
}

func TestVerifyWebhookAcceptsEitherSecretDuringARotation(t *testing.T) {
	header := fmt.Sprintf("t=%d,v1=%s,v1=%s", webhookT.Unix(),
		sign("whsec_new", webhookT, webhookBody), sign("whsec_old", webhookT, webhookBody))
	for _, secret := range []string{"whsec_new", "whsec_old"} {
		if !VerifyWebhook([]byte(webhookBody), header, secret, webhookT, WebhookTolerance) {
			t.Errorf("%s did not verify", secret)
		}
	}
	if VerifyWebhook([]byte(webhookBody), header, "whsec_other", webhookT, WebhookTolerance) {
		t.Error("another secret verified")
	}
}
