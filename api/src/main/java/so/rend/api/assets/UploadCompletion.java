package so.rend.api.assets;

import reactor.core.publisher.Mono;

/**
 * What else an upload's transaction writes (an idempotency key's answer), given the recorded upload
 * and the length and SHA-256 of the stored body.
 */
public interface UploadCompletion {

    UploadCompletion NONE = (uploaded, length, sha256) -> Mono.empty();

    Mono<Void> complete(UploadService.Uploaded uploaded, long length, byte[] sha256);
}
