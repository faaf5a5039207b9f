"""The webhook verification helper, offline: a signature made here the way Rend makes it."""

import hashlib
import hmac

from rend import verify_webhook

BODY = b'{"event_id":"e","event_type":"asset.created","sequence":7}'
T = 1_800_000_000


def sign(secret: str, at: int = T, body: bytes = BODY) -> str:
    return hmac.new(secret.encode(), f"{at}.".encode() + body, hashlib.sha256).hexdigest()


def test_a_signature_verifies_with_its_secret_within_300_seconds() -> None:
    header = f"t={T},v1={sign('whsec_a')}"
    assert verify_webhook(BODY, header, "whsec_a", now=T)
    assert verify_webhook(BODY.decode(), header, "whsec_a", now=T + 300)


def test_a_tampered_body_another_secret_or_a_t_outside_300_seconds_fails() -> None:
    header = f"t={T},v1={sign('whsec_a')}"
    assert not verify_webhook(BODY.replace(b"7", b"8"), header, "whsec_a", now=T)
    assert not verify_webhook(BODY, header, "whsec_b", now=T)
    assert not verify_webhook(BODY, header, "whsec_a", now=T + 301)
    assert not verify_webhook(BODY, header, "whsec_a", now=T - 301)
    assert not verify_webhook(BODY, f"t={T + 1},v1={sign('whsec_a')}", "whsec_a", now=T)
    assert not verify_webhook(BODY, None, "whsec_a", now=T)
    assert not verify_webhook(BODY, f"v1={sign('whsec_a')}", "whsec_a", now=T)


def test_during_a_rotation_either_secret_verifies() -> None:
    header = f"t={T},v1={sign('whsec_new')},v1={sign('whsec_old')}"
    assert verify_webhook(BODY, header, "whsec_new", now=T)
    assert verify_webhook(BODY, header, "whsec_old", now=T)
    assert not verify_webhook(BODY, header, "whsec_other", now=T)
