package so.rend.sdk;

/**
 * One lifecycle event frame of {@code GET /v1/events}: its sequence (the frame's id), its type and
 * its data, the {@code Event} as JSON ({@link Rend#parseEvent} turns it into the generated model).
 */
public record ServerEvent(long sequence, String eventType, String data) {}
