package so.rend.api.webhooks;

import java.net.InetAddress;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import so.rend.api.errors.ApiErrorCode;
import so.rend.api.outbound.OutboundAddresses;
import so.rend.api.outbound.OutboundAddresses.Target;
import so.rend.api.outbound.Refusals;

/**
 * Where webhooks may go: the ingest guard's rules (public addresses only, every spelling of an
 * internal one refused, the resolved address pinned) with {@code REND_WEBHOOK_ALLOWED_HOSTS} as the
 * allow list. URLs are checked when an endpoint is saved and again before every attempt, so a name
 * that later resolves inside is refused then too.
 */
@Component
public class WebhookTargets {

    static final Refusals REFUSALS =
            new Refusals(
                    "url",
                    ApiErrorCode.WEBHOOK_URL_INVALID,
                    ApiErrorCode.WEBHOOK_URL_FORBIDDEN,
                    "REND_WEBHOOK_ALLOWED_HOSTS");

    private final OutboundAddresses guard;

    public WebhookTargets(WebhookProperties properties) {
        this.guard =
                new OutboundAddresses(
                        OutboundAddresses.parseHosts(properties.allowedHosts()),
                        InetAddress::getAllByName,
                        REFUSALS);
    }

    /** The checked target of {@code url}, resolved off the event loop. */
    public Mono<Target> check(String url) {
        return Mono.fromCallable(() -> guard.check(url)).subscribeOn(Schedulers.boundedElastic());
    }
}
