package rend_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	rend "rend.so/sdk/go"
	"rend.so/sdk/go/rendapi"
)

// These tests run against a live Rend (scripts/with-embedded-rend.sh sets the variables); without
// one they fail rather than skip.
func TestMain(m *testing.M) {
	for _, name := range []string{"REND_API_URL", "REND_API_KEY", "REND_FIXTURE"} {
		if os.Getenv(name) == "" {
			fmt.Fprintf(os.Stderr, "%s is unset: run through scripts/with-embedded-rend.sh (see sdks/go/ci.sh)\n", name)
			os.Exit(1)
		}
	}
	os.Exit(m.Run())
}

func client(t *testing.T) *rend.Client {
	t.Helper()
	c, err := rend.New("", "")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// must(f())(t) is f's value, or the test fails with f's error.
func must[T any](value T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return value
	}
}

func TestUploadFollowsEventsToHlsReadyPlaysThroughTheEdgeListsAndDeletes(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c := client(t)
	fixture := os.Getenv("REND_FIXTURE")
	size := must(os.Stat(fixture))(t).Size()

	upload := must(c.UploadFile(ctx, fixture, "video/mp4"))(t)
	if upload.SourceByteSize != size || upload.PlayableState != rendapi.PlayableStateNotPlayable {
		t.Fatalf("upload: %+v", upload)
	}
	started := time.Now()
	asset := must(c.WaitUntilPlayable(ctx, upload.AssetId, rendapi.PlayableStateHlsReady))(t)
	t.Logf("hls_ready after %.1f s", time.Since(started).Seconds())
	if asset.PlayableState != rendapi.PlayableStateHlsReady {
		t.Fatalf("asset: %s", asset.PlayableState)
	}

	var types []string
	for event, err := range c.AssetEvents(ctx, upload.AssetId, 2) {
		types = append(types, string(must(event, err)(t).EventType))
	}
	if types[0] != "asset.created" || !slices.Contains(types, "asset.opener_ready") || !slices.Contains(types, "asset.hls_ready") {
		t.Fatalf("events: %v", types)
	}

	playback := must(c.GetPlayback(ctx, upload.AssetId))(t)
	if playback.ManifestUrl == nil {
		t.Fatal("no manifest_url at hls_ready")
	}
	master := must(http.Get(*playback.ManifestUrl))(t)
	body := must(io.ReadAll(master.Body))(t)
	master.Body.Close()
	if master.StatusCode != 200 || !bytes.HasPrefix(body, []byte("#EXTM3U")) || !bytes.Contains(body, []byte("#EXT-X-STREAM-INF")) {
		t.Fatalf("master: %d %q", master.StatusCode, body)
	}

	other := must(c.UploadFile(ctx, fixture, "video/mp4"))(t)
	var listed []string
	for asset, err := range c.Assets(ctx, 1) {
		listed = append(listed, must(asset, err)(t).AssetId.String())
	}
	newer, older := slices.Index(listed, other.AssetId.String()), slices.Index(listed, upload.AssetId.String())
	if newer < 0 || older < 0 || newer > older {
		t.Fatalf("listing (newest first, both in it): %v", listed)
	}
	if len(slices.Compact(slices.Sorted(slices.Values(listed)))) != len(listed) {
		t.Fatalf("pagination repeated an asset: %v", listed)
	}

	deletion := must(c.DeleteAsset(ctx, upload.AssetId))(t)
	if deletion.AssetId != upload.AssetId {
		t.Fatalf("deletion: %+v", deletion)
	}
	must(c.DeleteAsset(ctx, other.AssetId))(t)
	_, err := c.GetPlayback(ctx, upload.AssetId)
	var refused *rend.Error
	if !errors.As(err, &refused) || refused.Status != 404 || refused.Code != "asset_not_found" {
		t.Fatalf("playback after delete: %v", err)
	}
}

func TestABadKeyReturnsATypedErrorWithTheCode(t *testing.T) {
	c := must(rend.New("", "not-a-key"))(t)
	_, err := c.ListAssets(context.Background(), 0, "")
	var refused *rend.Error
	if !errors.As(err, &refused) || refused.Status != 401 || refused.Code != "unauthorized" || refused.Message == "" {
		t.Fatalf("bad key: %#v", err)
	}
}

func TestANonVideoUploadReturnsNotAVideo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.mp4")
	if err := os.WriteFile(path, bytes.Repeat([]byte("these are not the bytes of a video\n"), 100), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := client(t).UploadFile(context.Background(), path, "video/mp4")
	var refused *rend.Error
	if !errors.As(err, &refused) || refused.Status != 422 || refused.Code != "not_a_video" {
		t.Fatalf("non-video: %v", err)
	}
}

// The fixture's first 4 KiB: MP4 boxes the API's sniff accepts, too little for the worker.
func TestWaitUntilPlayableReturnsAssetFailedWithTheFailureCodeWhenProcessingFails(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c := client(t)
	head := must(os.ReadFile(os.Getenv("REND_FIXTURE")))(t)
	path := filepath.Join(t.TempDir(), "truncated.mp4")
	if err := os.WriteFile(path, head[:4096], 0o600); err != nil {
		t.Fatal(err)
	}
	upload := must(c.UploadFile(ctx, path, "video/mp4"))(t)
	defer c.DeleteAsset(context.Background(), upload.AssetId)
	_, err := c.WaitUntilPlayable(ctx, upload.AssetId, rendapi.PlayableStateOpenerReady)
	var failed *rend.AssetFailedError
	if !errors.As(err, &failed) {
		t.Fatalf("want AssetFailedError, got %v", err)
	}
	t.Logf("failed with %s: %s", failed.Code, failed.Message)
	asset := must(c.GetAsset(ctx, upload.AssetId))(t)
	if asset.Failure == nil || string(asset.Failure.Code) != failed.Code {
		t.Fatalf("error code %s, asset failure %+v", failed.Code, asset.Failure)
	}
}

// A loopback TCP relay in front of Rend cuts the first event-stream connection right after its
// first event frame; the subscription must reconnect with Last-Event-ID and lose or repeat nothing.
func TestTheSubscriptionResumesWithLastEventIDAfterTheConnectionBreaks(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c := client(t)
	api := must(url.Parse(os.Getenv("REND_API_URL")))(t)
	relay := startCuttingRelay(t, api.Host)
	upload := must(c.UploadFile(ctx, os.Getenv("REND_FIXTURE"), "video/mp4"))(t)
	defer c.DeleteAsset(context.Background(), upload.AssetId)

	through := must(rend.New("http://"+relay, ""))(t)
	from := int64(0)
	subscription := through.Events(ctx, rend.EventsOptions{AssetID: &upload.AssetId, AfterSequence: &from})
	defer subscription.Close()
	var seen []string
	for {
		event := must(subscription.Next())(t)
		seen = append(seen, fmt.Sprintf("%d %s", event.Sequence, event.EventType))
		if event.EventType == "asset.hls_ready" || event.EventType == "asset.failed" {
			break
		}
	}
	if subscription.Connections < 2 {
		t.Fatalf("the relay did not cut the first connection (%d connections)", subscription.Connections)
	}
	var logged []string
	for event, err := range c.AssetEvents(ctx, upload.AssetId, 100) {
		e := must(event, err)(t)
		logged = append(logged, fmt.Sprintf("%d %s", e.Sequence, e.EventType))
	}
	if len(logged) < len(seen) || !slices.Equal(seen, logged[:len(seen)]) || !strings.HasSuffix(seen[len(seen)-1], "asset.hls_ready") {
		t.Fatalf("streamed %v, logged %v", seen, logged)
	}
}

func startCuttingRelay(t *testing.T, target string) string {
	listener := must(net.Listen("tcp", "127.0.0.1:0"))(t)
	t.Cleanup(func() { listener.Close() })
	var once sync.Once
	go func() {
		for {
			conn, err := listener.Accept()
			if err != nil {
				return
			}
			upstream, err := net.Dial("tcp", target)
			if err != nil {
				conn.Close()
				continue
			}
			cut := false
			once.Do(func() { cut = true })
			go func() { io.Copy(upstream, conn); upstream.Close() }()
			go func() {
				defer conn.Close()
				defer upstream.Close()
				var seen []byte
				buffer := make([]byte, 64<<10)
				for {
					n, err := upstream.Read(buffer)
					if n > 0 {
						if _, werr := conn.Write(buffer[:n]); werr != nil {
							return
						}
						if cut {
							seen = append(seen, buffer[:n]...)
							if at := bytes.Index(seen, []byte("id:")); at >= 0 && bytes.Contains(seen[at:], []byte("\n\n")) {
								return
							}
						}
					}
					if err != nil {
						return
					}
				}
			}()
		}
	}()
	return listener.Addr().String()
}

// A loopback server that answers 429 with Retry-After: 1 to everything.
func TestRetries429HonouringRetryAfterThenReturnsIt(t *testing.T) {
	var mu sync.Mutex
	var times []time.Time
	server := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, time.Now())
		mu.Unlock()
		w.Header().Set("Retry-After", "1")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(429)
		w.Write([]byte(`{"error":{"code":"rate_limited","message":"slow down"}}`))
	})}
	listener := must(net.Listen("tcp", "127.0.0.1:0"))(t)
	go server.Serve(listener)
	defer server.Close()
	c := must(rend.New("http://"+listener.Addr().String(), "k", rend.WithRetryPolicy(rend.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: 30 * time.Second})))(t)
	_, err := c.ListAssets(context.Background(), 0, "")
	var refused *rend.Error
	if !errors.As(err, &refused) || refused.Status != 429 || refused.Code != "rate_limited" || !refused.HasRetryAfter || refused.RetryAfter != time.Second {
		t.Fatalf("after retries: %#v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(times) != 3 {
		t.Fatalf("%d requests, want 3", len(times))
	}
	for i := 1; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap < 950*time.Millisecond {
			t.Fatalf("retry %d after %v, before Retry-After", i, gap)
		}
	}
}

func TestUploads100MBStreamedFromDiskWithPeakRSSUnder32MBAboveIdle(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c := client(t)
	const total = 100 << 20
	path := filepath.Join(t.TempDir(), "big.mp4")
	writeBigVideo(t, path, total)

	must(c.ListAssets(ctx, 1, ""))(t) // idle means warm: connection open
	runtime.GC()
	debug.FreeOSMemory()
	resetPeakRSS()
	idle := statusKiB(t, "VmRSS")
	started := time.Now()
	upload := must(c.UploadFile(ctx, path, "video/mp4"))(t)
	seconds := time.Since(started).Seconds()
	peak := statusKiB(t, "VmHWM")
	defer c.DeleteAsset(context.Background(), upload.AssetId)
	figures := must(json.Marshal(map[string]any{"sdk": "go", "bytes": total, "seconds": seconds,
		"idle_rss_kib": idle, "peak_rss_kib": peak, "peak_minus_idle_kib": peak - idle}))(t)
	fmt.Printf("RSS %s\n", figures)
	if upload.SourceByteSize != total {
		t.Fatalf("stored %d bytes of %d", upload.SourceByteSize, total)
	}
	if peak-idle >= 32*1024 {
		t.Fatalf("peak RSS %d KiB above idle", peak-idle)
	}
}

// writeBigVideo writes the fixture's MP4 boxes first, so the API's sniff accepts the upload (the
// encode fails later), then random bytes up to total.
func writeBigVideo(t *testing.T, path string, total int64) {
	out := must(os.Create(path))(t)
	defer out.Close()
	head := must(os.ReadFile(os.Getenv("REND_FIXTURE")))(t)
	must(out.Write(head))(t)
	chunk := make([]byte, 1<<20)
	for written := int64(len(head)); written < total; {
		rand.Read(chunk)
		n := min(int64(len(chunk)), total-written)
		must(out.Write(chunk[:n]))(t)
		written += n
	}
}

// resetPeakRSS sets VmHWM to the current RSS (Linux >= 4.0); if refused, VmHWM keeps earlier peaks,
// which only makes the check stricter.
func resetPeakRSS() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

func statusKiB(t *testing.T, field string) int {
	status := string(must(os.ReadFile("/proc/self/status"))(t))
	for _, line := range strings.Split(status, "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			return must(strconv.Atoi(strings.Fields(rest)[0]))(t)
		}
	}
	t.Fatalf("%s not in /proc/self/status", field)
	return 0
}

func TestMetadataTravelsWithTheUploadAsAsciiJSON(t *testing.T) {
	header := must(rend.MetadataHeader(rendapi.AssetMetadataPatch{Title: ptr("Café 🎬")}))(t)
	if header != `{"title":"Caf\u00e9 \ud83c\udfac"}` {
		t.Fatalf("header %s", header)
	}
	c := client(t)
	ctx := context.Background()
	tags := []rendapi.Tag{"go-sdk", "ünï"}
	upload := must(c.UploadFileWithMetadata(ctx, os.Getenv("REND_FIXTURE"), "video/mp4",
		rendapi.AssetMetadataPatch{Title: ptr("Café 🎬"), ExternalId: ptr("ext-go"), Tags: &tags}))(t)
	defer c.DeleteAsset(ctx, upload.AssetId)
	if upload.Title == nil || *upload.Title != "Café 🎬" || !slices.Equal(upload.Tags, []string{"go-sdk", "ünï"}) {
		t.Fatalf("upload %+v", upload)
	}
}

func ptr[T any](value T) *T {
	return &value
}
