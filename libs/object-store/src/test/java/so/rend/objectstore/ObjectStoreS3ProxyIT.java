package so.rend.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import so.rend.embedded.EmbeddedObjectStoreServer;

/** The object store against a real S3 wire-protocol server (S3Proxy on local disk). */
class ObjectStoreS3ProxyIT {

    private static final int PART = ObjectStoreConfig.MIN_PART_BYTES;
    private static EmbeddedObjectStoreServer s3;
    private static ObjectStore store;

    @BeforeAll
    static void start() {
        s3 = EmbeddedObjectStoreServer.startTemporary();
        store =
                ObjectStore.create(
                        new ObjectStoreConfig(
                                s3.endpoint(),
                                EmbeddedObjectStoreServer.REGION,
                                "it-" + UUID.randomUUID(),
                                EmbeddedObjectStoreServer.ACCESS_KEY_ID,
                                EmbeddedObjectStoreServer.SECRET_ACCESS_KEY,
                                true,
                                PART));
        store.createBucketIfMissing().block();
    }

    @AfterAll
    static void stop() {
        store.close();
        s3.close();
    }

    @Test
    void streamsABodyLargerThanOnePartAsMultipartAndReadsItBackExactly() throws Exception {
        byte[] body = randomBytes(PART * 2 + 12_345);
        String key = "sources/" + UUID.randomUUID() + "/source.mp4";

        StoredObject stored =
                store.put(key, "video/mp4", chunks(body, 8_192), Long.MAX_VALUE, first -> {})
                        .block(Duration.ofSeconds(60));

        assertThat(stored.byteSize()).isEqualTo(body.length);
        ObjectInfo head = store.head(key).block();
        assertThat(head.byteSize()).isEqualTo(body.length);
        assertThat(head.contentType()).isEqualTo("video/mp4");
        assertThat(sha256(read(key, null))).isEqualTo(sha256(body));
        assertThat(store.pendingMultipartUploads("sources/").collectList().block()).isEmpty();
    }

    @Test
    void aBodyThatFitsInOnePartIsASinglePut() {
        byte[] body = "not much".getBytes(StandardCharsets.UTF_8);
        String key = "small/" + UUID.randomUUID();

        StoredObject stored =
                store.put(key, "text/plain", chunks(body, 3), 100, first -> {}).block();

        assertThat(stored.byteSize()).isEqualTo(body.length);
        assertThat(read(key, null)).isEqualTo(body);
    }

    @Test
    void theFirstBytesCheckSeesTheStartAndCanRefuseBeforeAnythingIsWritten() {
        byte[] body = randomBytes(PART + 10);
        String key = "refused/" + UUID.randomUUID();
        AtomicInteger seen = new AtomicInteger();
        AtomicLong sent = new AtomicLong();
        AtomicLong sentWhenSeen = new AtomicLong();
        Flux<DataBuffer> counted =
                chunks(body, 4_096).doOnNext(b -> sent.addAndGet(b.readableByteCount()));

        assertThatThrownBy(
                        () ->
                                store.put(
                                                key,
                                                "video/mp4",
                                                counted,
                                                Long.MAX_VALUE,
                                                first -> {
                                                    seen.set(first.remaining());
                                                    sentWhenSeen.set(sent.get());
                                                    throw new IllegalArgumentException(
                                                            "not a video");
                                                })
                                        .block())
                .hasMessageContaining("not a video");

        // The first bytes (one block), seen only once the whole first part has arrived.
        assertThat(seen.get()).isEqualTo(PartAssembler.BLOCK_BYTES);
        assertThat(sentWhenSeen.get()).isGreaterThan(PART);
        assertThat(store.head(key).block()).isNull();
        assertThat(store.pendingMultipartUploads("refused/").collectList().block()).isEmpty();
    }

    @Test
    void aBodyOverTheLimitFailsAndAbortsTheMultipartUpload() {
        byte[] body = randomBytes(PART * 3);
        String key = "too-large/" + UUID.randomUUID();

        assertThatThrownBy(
                        () ->
                                store.put(
                                                key,
                                                "video/mp4",
                                                chunks(body, 65_536),
                                                PART * 2L,
                                                first -> {})
                                        .block())
                .isInstanceOf(ObjectTooLargeException.class);

        assertThat(store.head(key).block()).isNull();
        assertThat(store.pendingMultipartUploads("too-large/").collectList().block()).isEmpty();
    }

    @Test
    void aBodyThatBreaksOffMidStreamLeavesNoObjectAndNoPendingUpload() {
        byte[] body = randomBytes(PART * 2);
        String key = "broken/" + UUID.randomUUID();
        Flux<DataBuffer> breaksOff =
                chunks(body, 65_536)
                        .take(120)
                        .concatWith(Flux.error(new IllegalStateException("connection reset")));

        assertThatThrownBy(
                        () ->
                                store.put(key, "video/mp4", breaksOff, Long.MAX_VALUE, first -> {})
                                        .block())
                .hasMessageContaining("connection reset");

        assertThat(store.head(key).block()).isNull();
        assertThat(store.pendingMultipartUploads("broken/").collectList().block()).isEmpty();
    }

    @Test
    void aBodyThatBreaksOffWhileAPartIsOnTheWireLeavesNoPendingUpload() throws Exception {
        byte[] body = randomBytes(PART + 65_536);
        String prefix = "mid-part/" + UUID.randomUUID() + "/";
        // The body breaks off at different moments of the first part's upload: before it starts,
        // while it is on the wire, after it is stored.
        for (int delayMs : new int[] {0, 5, 10, 20, 40, 80, 160, 320}) {
            Flux<DataBuffer> breaksOff =
                    chunks(body, 65_536)
                            .concatWith(
                                    Mono.delay(Duration.ofMillis(delayMs))
                                            .then(
                                                    Mono.error(
                                                            new IllegalStateException(
                                                                    "connection reset"))));

            assertThatThrownBy(
                            () ->
                                    store.put(
                                                    prefix + delayMs,
                                                    "video/mp4",
                                                    breaksOff,
                                                    Long.MAX_VALUE,
                                                    first -> {})
                                            .block())
                    .hasMessageContaining("connection reset");
        }

        // Settled when the put fails, not some time later.
        assertThat(store.pendingMultipartUploads(prefix).collectList().block()).isEmpty();
        Thread.sleep(1_000);
        assertThat(store.pendingMultipartUploads(prefix).collectList().block()).isEmpty();
        assertThat(store.list(prefix).collectList().block()).isEmpty();
    }

    @Test
    void aPutCancelledWhileAPartIsOnTheWireLeavesNoPendingUpload() throws Exception {
        byte[] body = randomBytes(PART + 65_536);
        String prefix = "cancelled/" + UUID.randomUUID() + "/";
        // The client goes away at different moments of the first part's upload.
        for (int delayMs : new int[] {0, 2, 5, 10, 20, 40, 80, 160}) {
            AtomicBoolean sealed = new AtomicBoolean();
            Flux<DataBuffer> stalls =
                    chunks(body, 65_536)
                            .doOnComplete(() -> sealed.set(true))
                            .concatWith(Flux.never());
            Disposable put =
                    store.put(prefix + delayMs, "video/mp4", stalls, Long.MAX_VALUE, first -> {})
                            .subscribe(stored -> {}, error -> {});
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!sealed.get() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            Thread.sleep(delayMs);
            put.dispose();
        }

        Thread.sleep(2_000);
        assertThat(store.pendingMultipartUploads(prefix).collectList().block()).isEmpty();
        assertThat(store.list(prefix).collectList().block()).isEmpty();
    }

    @Test
    void aSinglePutCancelledWhileOnTheWireLeavesNoObject() throws Exception {
        byte[] body = randomBytes(PART - 1);
        String prefix = "cancelled-single/" + UUID.randomUUID() + "/";
        Set<String> answered = ConcurrentHashMap.newKeySet();
        for (int delayMs : new int[] {0, 1, 2, 5, 10, 20, 40}) {
            AtomicBoolean sent = new AtomicBoolean();
            Flux<DataBuffer> whole = chunks(body, 65_536).doOnComplete(() -> sent.set(true));
            Disposable put =
                    store.put(prefix + delayMs, "video/mp4", whole, Long.MAX_VALUE, first -> {})
                            .subscribe(stored -> answered.add(stored.key()), error -> {});
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!sent.get() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            Thread.sleep(delayMs);
            put.dispose();
        }

        Thread.sleep(2_000);
        // Only a put that answered before it was cancelled may have left its object.
        assertThat(store.list(prefix).map(ObjectInfo::key).collectList().block())
                .containsExactlyInAnyOrderElementsOf(answered);
    }

    @Test
    void aFailedPutReleasesEveryNetworkBufferExactlyOnceReadOrNot() {
        List<ByteBuf> network = new ArrayList<>();
        NettyDataBufferFactory factory =
                new NettyDataBufferFactory(UnpooledByteBufAllocator.DEFAULT);
        for (int i = 0; i < 40; i++) {
            // One reference for the put, one for the server's decoder, which shares the memory.
            ByteBuf buf = Unpooled.wrappedBuffer(randomBytes(65_536)).retain();
            network.add(buf);
        }
        // Delivered from another thread, as a server's event loop does, so some wait in queues
        // when the body is refused.
        Flux<DataBuffer> body =
                Flux.fromIterable(network)
                        .<DataBuffer>map(factory::wrap)
                        .publishOn(Schedulers.single());
        String key = "leak/" + UUID.randomUUID();

        assertThatThrownBy(() -> store.put(key, "video/mp4", body, 100_000, first -> {}).block())
                .isInstanceOf(ObjectTooLargeException.class);

        // Not leaked (2), never released twice (0): the failing buffer is discarded by Reactor too.
        // Buffers still queued in publishOn are discarded on its thread once the put cancels, a
        // moment after block() returned: wait for that, then every count must be exactly 1.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (network.stream().anyMatch(buf -> buf.refCnt() > 1) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(10_000_000);
        }
        assertThat(network).allSatisfy(buf -> assertThat(buf.refCnt()).isEqualTo(1));
    }

    @Test
    void readsByteRangesAndReportsTheWholeSize() {
        byte[] body = randomBytes(10_000);
        String key = "ranged/" + UUID.randomUUID();
        store.putBytes(key, "video/mp4", body).block();

        ObjectContent content = store.get(key, new ByteRange(100, 199)).block();
        byte[] bytes = collect(content.body());

        assertThat(content.contentLength()).isEqualTo(100);
        assertThat(content.info().byteSize()).isEqualTo(10_000);
        assertThat(content.contentRange()).isEqualTo("bytes 100-199/10000");
        assertThat(bytes).isEqualTo(java.util.Arrays.copyOfRange(body, 100, 200));
    }

    @Test
    void putsFilesListsByPrefixAndDeletesThem(@TempDir Path dir) throws Exception {
        String prefix = "videos/" + UUID.randomUUID() + "/";
        Path file = dir.resolve("opener.mp4");
        Files.write(file, randomBytes(2_000));
        store.putFile(prefix + "opener.mp4", "video/mp4", file).block();
        store.putBytes(
                        prefix + "hls/master.m3u8",
                        "application/vnd.apple.mpegurl",
                        "#EXTM3U\n".getBytes())
                .block();

        assertThat(store.list(prefix).map(ObjectInfo::key).collectList().block())
                .containsExactlyInAnyOrder(prefix + "opener.mp4", prefix + "hls/master.m3u8");

        Path downloaded = store.getToFile(prefix + "opener.mp4", dir.resolve("copy.mp4")).block();
        assertThat(Files.readAllBytes(downloaded)).isEqualTo(Files.readAllBytes(file));

        assertThat(store.deletePrefix(prefix).block()).isEqualTo(2L);
        assertThat(store.list(prefix).collectList().block()).isEmpty();
        store.delete(prefix + "opener.mp4").block();
    }

    @Test
    void missingKeysAreEmptyOnHeadAndNotFoundOnGet() {
        assertThat(store.head("missing/" + UUID.randomUUID()).block()).isNull();
        assertThatThrownBy(() -> store.get("missing/x", null).block())
                .isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void aMissingBucketIsNotReachable() {
        try (ObjectStore other =
                ObjectStore.create(
                        new ObjectStoreConfig(
                                s3.endpoint(),
                                EmbeddedObjectStoreServer.REGION,
                                "absent-" + UUID.randomUUID(),
                                EmbeddedObjectStoreServer.ACCESS_KEY_ID,
                                EmbeddedObjectStoreServer.SECRET_ACCESS_KEY,
                                true,
                                PART))) {
            assertThatThrownBy(() -> other.checkReachable().block()).isNotNull();
        }
    }

    private static byte[] read(String key, ByteRange range) {
        return collect(store.get(key, range).block().body());
    }

    private static byte[] collect(Flux<ByteBuffer> body) {
        return body.reduce(
                        new java.io.ByteArrayOutputStream(),
                        (out, buffer) -> {
                            byte[] bytes = new byte[buffer.remaining()];
                            buffer.get(bytes);
                            out.writeBytes(bytes);
                            return out;
                        })
                .block()
                .toByteArray();
    }

    private static Flux<DataBuffer> chunks(byte[] body, int size) {
        return Flux.range(0, (body.length + size - 1) / size)
                .map(
                        i ->
                                DefaultDataBufferFactory.sharedInstance.wrap(
                                        java.util.Arrays.copyOfRange(
                                                body,
                                                i * size,
                                                Math.min(body.length, (i + 1) * size))));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
