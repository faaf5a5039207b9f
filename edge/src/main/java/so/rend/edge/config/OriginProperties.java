package so.rend.edge.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import so.rend.objectstore.S3Settings;

/**
 * The S3 origin ({@code REND_S3_*}) and an optional backup origin with the same key layout ({@code
 * REND_EDGE_BACKUP_S3_*}; unused while its bucket is blank). Viewers never see either URL. The edge
 * only reads, so {@code partBytes} stays unset (0, the default).
 */
@ConfigurationProperties("rend.origin")
public record OriginProperties(S3Settings primary, S3Settings backup) {}
