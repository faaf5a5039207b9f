package so.rend.api.ratelimits;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The request budgets and the event-stream slots, from {@link RateLimitProperties}. */
@Configuration(proxyBeanMethods = false)
public class RateLimitConfiguration {

    @Bean(destroyMethod = "close")
    RequestBudgets requestBudgets(RateLimitProperties properties, MeterRegistry meters) {
        return new RequestBudgets(properties, meters);
    }

    @Bean
    EventStreamSlots eventStreamSlots(RateLimitProperties properties, MeterRegistry meters) {
        EventStreamSlots slots = new EventStreamSlots(properties.maxEventStreamsPerKey());
        Gauge.builder("rend.event_streams.open", slots, EventStreamSlots::total).register(meters);
        return slots;
    }
}
