package so.rend.edge.fill;

/**
 * Too many distinct fills are in flight; a new one would go past {@code
 * REND_EDGE_MAX_IN_FLIGHT_FILLS}.
 */
public final class FillCapExceededException extends RuntimeException {

    public FillCapExceededException(int cap) {
        super("more than " + cap + " distinct origin fills in flight", null, false, false);
    }
}
