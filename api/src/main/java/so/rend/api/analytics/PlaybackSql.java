package so.rend.api.analytics;

/**
 * The few places where the analytics statements differ between ClickHouse (18.16 and current) and
 * the embedded mode's DuckDB, whose {@code observed_at} is epoch seconds rather than a DateTime.
 * Everything else ({@code count()}, {@code sum}, {@code CAST(x AS String)}, {@code UNION ALL},
 * grouping by an alias) both read alike.
 */
public enum PlaybackSql {
    CLICKHOUSE {
        @Override
        String anyValue(String column) {
            return "any(" + column + ")";
        }

        @Override
        String constant(String text) {
            // 18.16 wants the constant columns of UNION ALL members to be real columns.
            return "materialize('" + text + "')";
        }

        @Override
        String epochSeconds(String time) {
            return "toUInt32(" + time + ")";
        }

        @Override
        String time(long epochSecond) {
            return "toDateTime(" + epochSecond + ")";
        }

        @Override
        String bucket(String time, long step) {
            return "intDiv(toUInt32(" + time + "), " + step + ") * " + step;
        }

        @Override
        String member(String select) {
            return select;
        }

        @Override
        String argMax(String column, String by) {
            return "argMax(" + column + ", " + by + ")";
        }

        @Override
        String quantileWhere(double level, String column, String condition) {
            return "quantileExactIf(" + level + ")(" + column + ", " + condition + ")";
        }

        @Override
        String countWhere(String condition) {
            return "countIf(" + condition + ")";
        }

        @Override
        String end() {
            return " FORMAT TSV";
        }
    },

    DUCKDB {
        @Override
        String anyValue(String column) {
            return "any_value(" + column + ")";
        }

        @Override
        String constant(String text) {
            return "'" + text + "'";
        }

        @Override
        String epochSeconds(String time) {
            return time;
        }

        @Override
        String time(long epochSecond) {
            return Long.toString(epochSecond);
        }

        @Override
        String bucket(String time, long step) {
            return "(" + time + " // " + step + ") * " + step;
        }

        @Override
        String member(String select) {
            // A UNION ALL member with its own ORDER BY/LIMIT must be a subquery in DuckDB.
            return "SELECT * FROM (" + select + ")";
        }

        @Override
        String argMax(String column, String by) {
            return "arg_max(" + column + ", " + by + ")";
        }

        @Override
        String quantileWhere(double level, String column, String condition) {
            return "quantile_disc(" + column + ", " + level + ") FILTER (WHERE " + condition + ")";
        }

        @Override
        String countWhere(String condition) {
            return "count(*) FILTER (WHERE " + condition + ")";
        }

        @Override
        String end() {
            return "";
        }
    };

    /** Any one value of {@code column} in a group (the deduplicating {@code GROUP BY event_id}). */
    abstract String anyValue(String column);

    /** A constant text column (only checked words reach it). */
    abstract String constant(String text);

    /** {@code time} (observed_at or an aggregate of it) as epoch seconds. */
    abstract String epochSeconds(String time);

    /** The value observed_at compares with for {@code epochSecond}. */
    abstract String time(long epochSecond);

    /** The epoch second starting {@code time}'s bucket of {@code step} seconds. */
    abstract String bucket(String time, long step);

    /** One member of a {@code UNION ALL}. */
    abstract String member(String select);

    /** {@code column}'s value in the row with the greatest {@code by}. */
    abstract String argMax(String column, String by);

    /**
     * The exact {@code level} quantile of {@code column} over rows meeting {@code condition}: the
     * element at position {@code floor(level x n)} of the sorted values in ClickHouse, {@code
     * ceil(level x n) - 1} in DuckDB (the same element unless {@code level x n} is whole).
     */
    abstract String quantileWhere(double level, String column, String condition);

    /** The number of rows meeting {@code condition}. */
    abstract String countWhere(String condition);

    /** What ends a statement (ClickHouse's answer format). */
    abstract String end();
}
