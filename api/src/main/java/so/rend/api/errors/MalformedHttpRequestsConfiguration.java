package so.rend.api.errors;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The public listener answers requests HTTP itself rejects in the API's error shape. */
@Configuration(proxyBeanMethods = false)
class MalformedHttpRequestsConfiguration {

    @Bean
    NettyServerCustomizer malformedHttpRequestsAnswer() {
        return MalformedHttpRequests::answerInTheApisShape;
    }
}
