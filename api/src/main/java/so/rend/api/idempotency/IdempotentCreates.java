package so.rend.api.idempotency;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import so.rend.api.errors.ApiError;
import so.rend.api.errors.ApiErrorCode;

/**
 * Runs a create under an {@code Idempotency-Key}. The first request claims the key and creates; its
 * create completes the key in its own transaction with the answer. A repeat of the same request
 * gets that answer again; another request with the key gets {@code 422 idempotency_key_reused}; a
 * repeat that arrives while the first still runs waits for it (polling, at most {@link #MAX_WAIT},
 * then {@code 409 idempotency_key_in_progress}) without reading its own body, so if the first fails
 * and gives the key back, the waiter claims it and creates with its own body.
 */
@Service
public class IdempotentCreates {

    private static final Logger log = LoggerFactory.getLogger(IdempotentCreates.class);

    /** A claim's lease: a crashed owner's key is free again this long after its last renewal. */
    static final Duration LEASE = Duration.ofSeconds(60);

    static final Duration RENEW_EVERY = Duration.ofSeconds(20);
    static final Duration POLL = Duration.ofMillis(100);

    /** How long a repeat waits for the first; uploads of large files can take longer. */
    static final Duration MAX_WAIT = Duration.ofSeconds(60);

    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final IdempotencyStore store;

    public IdempotentCreates(IdempotencyStore store) {
        this.store = store;
    }

    /** The answer of a create: what was sent the first time, and whether this is a replay. */
    public record Answer(int status, String body, UUID assetId, boolean replayed) {}

    /** The claim a create holds while it runs: it completes it in its own transaction. */
    public final class Claim {
        private final UUID accountId;
        private final String key;
        private final UUID claimId;

        private Claim(UUID accountId, String key, UUID claimId) {
            this.accountId = accountId;
            this.key = key;
            this.claimId = claimId;
        }

        /** Stores the answer on the key; fails (rolling the create back) if the claim was lost. */
        public Mono<Void> complete(
                RequestFingerprint request, UUID assetId, int status, String body) {
            return store.complete(accountId, key, claimId, request, assetId, status, body);
        }
    }

    /**
     * @param head what the request says of itself before its body is read
     * @param wholeRequest the request's full fingerprint, for a repeat to be compared; read only
     *     when the key already holds an answer of a request like this one
     * @param create the create itself; it must call {@link Claim#complete} in its transaction
     */
    public Mono<Answer> create(
            UUID accountId,
            IdempotencyKey key,
            RequestFingerprint head,
            Mono<RequestFingerprint> wholeRequest,
            Function<Claim, Mono<Answer>> create) {
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        return attempt(accountId, key.value(), head, wholeRequest, create, deadline);
    }

    private Mono<Answer> attempt(
            UUID accountId,
            String key,
            RequestFingerprint head,
            Mono<RequestFingerprint> wholeRequest,
            Function<Claim, Mono<Answer>> create,
            long deadline) {
        UUID claimId = UUID.randomUUID();
        Mono<Answer> again =
                Mono.delay(POLL)
                        .then(
                                Mono.defer(
                                        () ->
                                                attempt(
                                                        accountId,
                                                        key,
                                                        head,
                                                        wholeRequest,
                                                        create,
                                                        deadline)));
        return store.claim(accountId, key, claimId, head, LEASE)
                .flatMap(
                        claimed -> {
                            if (claimed) {
                                return own(new Claim(accountId, key, claimId), create);
                            }
                            return store.find(accountId, key)
                                    .flatMap(
                                            stored -> {
                                                if (!stored.fingerprint().mayMatch(head)) {
                                                    return Mono.error(reused());
                                                }
                                                if (stored.completed()) {
                                                    return replay(stored, wholeRequest);
                                                }
                                                if (System.nanoTime() > deadline) {
                                                    return Mono.error(inProgress());
                                                }
                                                return again;
                                            })
                                    // Given back or expired between the claim and the read.
                                    .switchIfEmpty(again);
                        });
    }

    private Mono<Answer> own(Claim claim, Function<Claim, Mono<Answer>> create) {
        Disposable renewal =
                Flux.interval(RENEW_EVERY, RENEW_EVERY, Schedulers.parallel())
                        .concatMap(
                                tick ->
                                        store.renew(
                                                        claim.accountId,
                                                        claim.key,
                                                        claim.claimId,
                                                        LEASE)
                                                .onErrorResume(e -> Mono.empty()))
                        .subscribe();
        return Mono.defer(() -> create.apply(claim))
                .onErrorResume(e -> release(claim).then(Mono.error(e)))
                .doOnCancel(() -> release(claim).subscribe())
                .doFinally(signal -> renewal.dispose());
    }

    private Mono<Answer> replay(IdempotencyStore.Stored stored, Mono<RequestFingerprint> whole) {
        return whole.flatMap(
                request ->
                        request.mayMatch(stored.fingerprint())
                                ? Mono.just(
                                        new Answer(
                                                stored.responseStatus(),
                                                stored.responseBody(),
                                                stored.assetId(),
                                                true))
                                : Mono.error(reused()));
    }

    private Mono<Void> release(Claim claim) {
        return store.release(claim.accountId, claim.key, claim.claimId)
                .onErrorResume(
                        e -> {
                            // The lease runs out on its own; a retry waits at most that long.
                            log.warn("could not give an idempotency key back: {}", e.toString());
                            return Mono.empty();
                        });
    }

    static ApiError reused() {
        return ApiErrorCode.IDEMPOTENCY_KEY_REUSED.error();
    }

    static ApiError inProgress() {
        return ApiErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS.error().withRetryAfter(RETRY_AFTER);
    }
}
