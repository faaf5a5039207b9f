"""The SDK against a live embedded Rend (scripts/with-embedded-rend.sh): real API, worker and edge."""

import gc
import json
import os
import socket
import threading
import time

import httpx
import pytest

from rend import AssetFailed, Rend, RendError, RetryPolicy


def test_upload_follows_events_to_hls_ready_plays_through_the_edge_lists_and_deletes(rend, fixture_path):
    size = os.path.getsize(fixture_path)
    upload = rend.upload(fixture_path)
    asset_id = str(upload.asset_id)
    assert upload.source_byte_size == size
    assert upload.playable_state.value == "not_playable"

    started = time.monotonic()
    asset = rend.wait_until_playable(asset_id, "hls_ready", timeout=300)
    print(f"hls_ready after {time.monotonic() - started:.1f} s")
    assert asset.playable_state.value == "hls_ready"

    types = [event.event_type.value for event in rend.iter_asset_events(asset_id, page_size=2)]
    assert types[0] == "asset.created" and "asset.opener_ready" in types and "asset.hls_ready" in types

    playback = rend.get_playback(asset_id)
    assert playback.playable_state.value == "hls_ready"
    master = httpx.get(playback.manifest_url, timeout=30)
    assert master.status_code == 200, master.text
    assert master.text.startswith("#EXTM3U") and "#EXT-X-STREAM-INF" in master.text
    opener = httpx.get(playback.opener_url, headers={"range": "bytes=0-7"}, timeout=30)
    assert opener.status_code == 206 and opener.content[4:8] == b"ftyp"

    other = rend.upload(fixture_path)
    listed = [str(a.asset_id) for a in rend.iter_assets(page_size=1)]
    assert listed.index(str(other.asset_id)) < listed.index(asset_id), "newest first"
    assert len(listed) == len(set(listed)), "pagination repeated an asset"

    deletion = rend.delete_asset(asset_id)
    assert str(deletion.asset_id) == asset_id
    rend.delete_asset(str(other.asset_id))
    with pytest.raises(RendError) as refused:
        rend.get_playback(asset_id)
    assert (refused.value.status, refused.value.code) == (404, "asset_not_found")
    assert asset_id not in [str(a.asset_id) for a in rend.iter_assets(page_size=100)]


def test_a_bad_key_raises_a_typed_error_with_the_code():
    with Rend(api_key="not-a-key") as client:
        with pytest.raises(RendError) as refused:
            client.list_assets()
    assert refused.value.status == 401
    assert refused.value.code == "unauthorized"
    assert refused.value.message


def test_a_non_video_upload_raises_not_a_video(rend, tmp_path):
    path = tmp_path / "notes.mp4"
    path.write_bytes(b"these are not the bytes of a video\n" * 100)
    with pytest.raises(RendError) as refused:
        rend.upload(path)
    assert (refused.value.status, refused.value.code) == (422, "not_a_video")


def test_wait_until_playable_raises_asset_failed_with_the_failure_code_when_processing_fails(rend, fixture_path, tmp_path):
    """The fixture's first 4 KiB: MP4 boxes the API's sniff accepts, too little for the worker."""
    path = tmp_path / "truncated.mp4"
    with open(fixture_path, "rb") as head:
        path.write_bytes(head.read(4096))
    asset_id = str(rend.upload(path).asset_id)
    try:
        with pytest.raises(AssetFailed) as failed:
            rend.wait_until_playable(asset_id, "opener_ready", timeout=300)
        print(f"failed with {failed.value.code}: {failed.value.message}")
        assert failed.value.code == rend.get_asset(asset_id).failure.code.value
    finally:
        rend.delete_asset(asset_id)


def test_the_event_subscription_resumes_with_last_event_id_after_the_connection_breaks(rend, fixture_path):
    """A loopback TCP relay in front of Rend cuts the first SSE connection right after its first
    event frame; the subscription must reconnect with Last-Event-ID and lose or repeat nothing."""
    api = httpx.URL(os.environ["REND_API_URL"])
    relay = CuttingRelay(api.host, api.port, cut_after=b"\n\n", cut_connections=1, skip_bytes_before_cut=b"id:")
    upload = rend.upload(fixture_path)
    asset_id = str(upload.asset_id)
    try:
        with Rend(base_url=f"http://127.0.0.1:{relay.port}") as through_relay:
            seen = []
            deadline = time.monotonic() + 300
            with through_relay.events(asset_id=asset_id, after_sequence=0) as subscription:
                for event in subscription.frames():
                    if event is not None:
                        seen.append((event.sequence, event.event_type))
                        if event.event_type in ("asset.hls_ready", "asset.failed"):
                            break
                    assert time.monotonic() < deadline
            assert subscription.connections >= 2, "the relay did not cut the first connection"
        logged = [(e.sequence, e.event_type.value) for e in rend.iter_asset_events(asset_id)]
        assert seen == logged[: len(seen)]
        assert seen[-1][1] == "asset.hls_ready"
    finally:
        relay.close()
        rend.delete_asset(asset_id)


def test_retries_429_honouring_retry_after_then_raises_with_it():
    """A loopback server that answers 429 with Retry-After: 1 to every request."""
    server = socket.create_server(("127.0.0.1", 0))
    times: list[float] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                conn.recv(65536)
                times.append(time.monotonic())
                body = b'{"error":{"code":"rate_limited","message":"slow down"}}'
                conn.sendall(
                    b"HTTP/1.1 429 Too Many Requests\r\nretry-after: 1\r\ncontent-type: application/json\r\n"
                    b"connection: close\r\ncontent-length: " + str(len(body)).encode() + b"\r\n\r\n" + body
                )

    threading.Thread(target=serve, daemon=True).start()
    try:
        with Rend(base_url=f"http://127.0.0.1:{server.getsockname()[1]}", api_key="k", retry=RetryPolicy(max_retries=2)) as client:
            with pytest.raises(RendError) as refused:
                client.get_asset("00000000-0000-0000-0000-000000000000")
    finally:
        server.close()
    assert (refused.value.status, refused.value.code, refused.value.retry_after) == (429, "rate_limited", 1.0)
    assert len(times) == 3
    assert all(later - earlier >= 0.95 for earlier, later in zip(times, times[1:]))


def test_uploads_100_mb_streamed_from_disk_with_peak_rss_under_32_mb_above_idle(rend, fixture_path, tmp_path):
    path = tmp_path / "big.mp4"
    total = 100 * 1024 * 1024
    with open(path, "wb") as out, open(fixture_path, "rb") as head:
        out.write(head.read())  # real MP4 boxes first, so the API's sniff accepts it; the encode fails later
        while out.tell() < total:
            out.write(os.urandom(min(1024 * 1024, total - out.tell())))
    rend.list_assets(limit=1)  # idle means warm: connection open, modules loaded
    gc.collect()
    reset_peak_rss()
    idle = status_kib("VmRSS")
    started = time.monotonic()
    upload = rend.upload(path)
    seconds = time.monotonic() - started
    peak = status_kib("VmHWM")
    figures = {"sdk": "python", "bytes": total, "seconds": round(seconds, 2), "idle_rss_kib": idle,
               "peak_rss_kib": peak, "peak_minus_idle_kib": peak - idle}
    print("RSS " + json.dumps(figures))
    try:
        assert upload.source_byte_size == total
        assert peak - idle < 32 * 1024, figures
    finally:
        rend.delete_asset(str(upload.asset_id))


def reset_peak_rss() -> None:
    # "5" resets VmHWM to the current RSS (Linux >= 4.0); if refused, VmHWM keeps earlier peaks,
    # which only makes the check stricter.
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def status_kib(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise AssertionError(f"{field} not in /proc/self/status")


class CuttingRelay:
    """Relays loopback TCP to Rend; in its first ``cut_connections`` connections it closes both sides
    once the server has sent ``skip_bytes_before_cut`` and then ``cut_after``."""

    def __init__(self, host: str, port: int, cut_after: bytes, cut_connections: int, skip_bytes_before_cut: bytes) -> None:
        self.target = (host, port)
        self.cut_after, self.marker = cut_after, skip_bytes_before_cut
        self.cuts_left = cut_connections
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            cut = self.cuts_left > 0
            self.cuts_left -= 1
            threading.Thread(target=self._pipe, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, cut), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, cut: bool) -> None:
        seen = b""
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
                if cut:
                    seen += chunk
                    at = seen.find(self.marker)
                    if at >= 0 and seen.find(self.cut_after, at) >= 0:
                        break
        except OSError:
            pass
        for s in (source, sink):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()


def test_metadata_round_trips_through_upload_update_filters_and_events(rend, fixture_path):
    tag = f"t-{time.time_ns()}"
    upload = rend.upload(
        fixture_path,
        metadata={"title": "Café 🎬", "external_id": f"ext-{tag}", "creator_id": "sdk-py", "tags": [tag, "ünï"]},
    )
    try:
        assert upload.title == "Café 🎬"
        assert upload.tags == [tag, "ünï"]
        patched = rend.update_asset(upload.asset_id, {"title": None, "passthrough": "p"})
        assert patched.title is None
        assert patched.passthrough == "p"
        assert patched.external_id == f"ext-{tag}"
        listed = [a.asset_id for a in rend.iter_assets(page_size=1, tag=[tag, "ünï"], creator_id="sdk-py")]
        assert listed == [upload.asset_id]
        updated = [e for e in rend.iter_asset_events(upload.asset_id) if e.event_type.value == "asset.updated"]
        assert updated[0].payload.to_dict()["metadata"]["passthrough"] == "p"
        with pytest.raises(RendError) as refused:
            rend.update_asset(upload.asset_id, {"title": "x" * 513})
        assert refused.value.status == 400 and refused.value.code == "invalid_parameter"
    finally:
        rend.delete_asset(upload.asset_id)
