package so.rend.clickhouse.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned SQL file, {@code V<version>__<name>.sql}: statements ended by {@code ;} at the end
 * of a line, whole-line {@code --} comments, and {@code {database}} where the database's name goes
 * (ClickHouse 18.16 ignores a client's default database, so every table is named with it). Each
 * statement must be safe to run again ({@code IF NOT EXISTS}): ClickHouse has no transactional DDL,
 * so a migration cut off halfway is simply run again from its start.
 */
public record Migration(int version, String name, String sql, String checksum) {

    private static final Pattern FILE_NAME = Pattern.compile("V(\\d{1,6})__([a-z0-9_]+)\\.sql");

    public static Migration parse(String fileName, String sql) {
        Matcher m = FILE_NAME.matcher(fileName);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "migration file names are V<version>__<name>.sql, got " + fileName);
        }
        return new Migration(Integer.parseInt(m.group(1)), m.group(2), sql, sha256(sql));
    }

    /** The statements, comments removed and {@code {database}} replaced. */
    public List<String> statements(String database) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line.stripTrailing()).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(
                        statement
                                .substring(0, statement.length() - 1)
                                .replace("{database}", database));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalArgumentException(
                    "V"
                            + version
                            + "__"
                            + name
                            + " ends without ';': "
                            + current.toString().strip());
        }
        return statements;
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
