package so.rend.api.ingest;

import java.net.InetAddress;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import so.rend.api.assets.AssetMetadata;
import so.rend.api.assets.UploadCompletion;
import so.rend.api.assets.UploadService;
import so.rend.api.assets.UploadService.Uploaded;
import so.rend.api.errors.ApiErrorCode;
import so.rend.api.outbound.OutboundAddresses;
import so.rend.api.outbound.Refusals;

/**
 * Makes an asset from a URL: the API downloads the body into {@code sources/<asset_id>/source}
 * (never handing the URL to ffmpeg), sniffed and recorded exactly as an upload is, then the normal
 * pipeline runs. The download happens within the request, so every failure is the request's answer
 * and nothing half-made is left (see docs/architecture.md for why not a worker job).
 */
@Service
public class UrlIngest {

    /** How a URL to ingest from is refused. */
    public static final Refusals REFUSALS =
            new Refusals(
                    "input.url",
                    ApiErrorCode.INGEST_URL_INVALID,
                    ApiErrorCode.INGEST_URL_FORBIDDEN,
                    "REND_INGEST_ALLOWED_HOSTS");

    private final UploadService uploads;
    private final UrlFetcher fetcher;
    private final long maxBytes;

    public UrlIngest(UploadService uploads, IngestProperties properties) {
        this.uploads = uploads;
        OutboundAddresses guard =
                new OutboundAddresses(
                        OutboundAddresses.parseHosts(properties.allowedHosts()),
                        InetAddress::getAllByName,
                        REFUSALS);
        this.fetcher = new UrlFetcher(guard, properties);
        this.maxBytes = properties.maxBytes();
    }

    public Mono<Uploaded> ingest(
            UUID accountId, String url, AssetMetadata metadata, UploadCompletion completion) {
        return fetcher.fetch(
                url,
                (type, body) ->
                        uploads.storeBody(
                                accountId,
                                type,
                                metadata,
                                body,
                                new UploadService.Bound(maxBytes, fetcher::tooLarge),
                                completion));
    }
}
