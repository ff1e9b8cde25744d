package dev.cdcflow.clickhouse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcflow.localstack.ClickHouseServer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL columns of {@link PostgresTypesTest}: each type with an ordinary and an edge value, how PostgreSQL
 * prints it, how the same value is read from ClickHouse, and how the two are compared. Where ClickHouse's form is
 * another representation of the value (epoch microseconds for a timestamp on servers without DateTime64, JSON for a
 * geometric type), the PostgreSQL side computes that representation itself, so the comparison stays exact.
 */
final class PostgresTypeChecks {

    /** Types, domains and extensions the table needs. */
    static final String[] SETUP = {
        "CREATE EXTENSION IF NOT EXISTS hstore",
        "CREATE EXTENSION IF NOT EXISTS citext",
        "CREATE EXTENSION IF NOT EXISTS ltree",
        "CREATE TYPE pair AS (a integer, b text)",
        "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
        "CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0)"
    };

    private static final String NULL = ClickHouseServer.NULL;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How PostgreSQL's text of a value and ClickHouse's are compared: equal texts always match (two NULLs too);
     * otherwise both must be values and the comparison's own test must hold.
     */
    enum Compare {
        /** Equal text. */
        TEXT((postgres, clickHouse) -> false),
        /** Equal floating-point numbers, NaN and infinities included (PostgreSQL 'Infinity', ClickHouse 'inf'). */
        NUMBER((postgres, clickHouse) -> Double.compare(number(postgres), number(clickHouse)) == 0),
        /** Equal JSON documents (hstore's JSON form differs in spacing and key order). */
        JSON_DOCUMENT((postgres, clickHouse) -> json(postgres).equals(json(clickHouse))),
        /** Equal times of day: ClickHouse holds Debezium's ISO text in UTC ('11:14:15.5Z'). */
        TIME_OF_DAY((postgres, clickHouse) -> LocalTime.parse(postgres)
                .equals(LocalTime.parse(clickHouse.replace("Z", "")))),
        /**
         * Equal element lists: PostgreSQL's side is a JSON array of element texts (NULL for a NULL array, which
         * ClickHouse cannot hold and the sink writes empty), ClickHouse's is its array literal.
         */
        ARRAY((postgres, clickHouse) -> false) {
            @Override
            boolean same(String postgres, String clickHouse) {
                List<String> expected = new ArrayList<>();
                if (!postgres.equals(NULL)) {
                    json(postgres).forEach(element -> expected.add(element.isNull() ? null : element.asText()));
                }
                return expected.equals(arrayLiteral(clickHouse));
            }
        },
        /** The same set of points: PostgreSQL's text of a geometric value, Debezium's WKB (base64) in ClickHouse. */
        POINTS((postgres, clickHouse) -> points(postgres).equals(wkbPoints(clickHouse))),
        /** As {@link #POINTS}, for a box, whose two corners PostgreSQL prints and whose four Debezium sends. */
        BOX_CORNERS((postgres, clickHouse) -> corners(postgres).equals(wkbPoints(clickHouse)));

        private final BiPredicate<String, String> values;

        Compare(BiPredicate<String, String> values) {
            this.values = values;
        }

        boolean same(String postgres, String clickHouse) {
            return postgres.equals(clickHouse)
                    || !postgres.equals(NULL) && !clickHouse.equals(NULL) && values.test(postgres, clickHouse);
        }
    }

    /**
     * One column.
     *
     * @param column         its name
     * @param type           its PostgreSQL type
     * @param ordinary       an ordinary value (SQL literal)
     * @param edge           an edge value (SQL literal)
     * @param postgresText   the value as text in PostgreSQL
     * @param clickHouseText the value as text in ClickHouse
     * @param compare        how the two texts are compared
     * @param note           what the docs say of the value in ClickHouse
     */
    record Check(String column, String type, String ordinary, String edge, String postgresText,
                 String clickHouseText, Compare compare, String note) {
    }

    private static final String MICROS = "(extract(epoch from %1$s) * 1000000)::bigint::text";

    static final List<Check> ALL = List.of(
            plain("c_smallint", "smallint", "-32768", "32767"),
            plain("c_integer", "integer", "-2147483648", "0"),
            plain("c_bigint", "bigint", "-9223372036854775808", "9223372036854775807"),
            plain("c_oid", "oid", "42", "4294967295"),
            check("c_real", "real", "1.5", "-0.25", "c_real::text", "toString(c_real)", Compare.NUMBER,
                    "NaN, ±Infinity: see below"),
            check("c_double", "double precision", "-2.25", "1e-300", "c_double::text", "toString(c_double)",
                    Compare.NUMBER, "NaN, ±Infinity: see below"),
            plain("c_numeric", "numeric(12,3)", "123456789.123", "-0.001"),
            check("c_numeric_free", "numeric", "3.14159265358979", "-12345678901234567890.123456789012",
                    "c_numeric_free::text", "c_numeric_free", Compare.TEXT,
                    "exact text (`variable.scale.decimal.handling=string` in the template)"),
            check("c_numeric_wide", "numeric(50,10)", "1234567890123456789012345678901234567890.0123456789",
                    "-1", "c_numeric_wide::text", "c_numeric_wide", Compare.TEXT,
                    "exact text: wider than ClickHouse's 38 digits"),
            check("c_money", "money", "12.34", "-92233720368547758.08", "c_money::numeric::text",
                    "toString(c_money)", Compare.TEXT, ""),
            check("c_bool", "boolean", "true", "false", "c_bool::int::text", "toString(toUInt8(c_bool))",
                    Compare.TEXT, "1/0 where the column is UInt8"),
            plain("c_text", "text", "'käse \"quoted\" \\ tab\tend'", "E'two\\nlines 😀'"),
            plain("c_varchar", "varchar(20)", "'varchar'", "''"),
            check("c_char", "char(3)", "'ab'", "'xyz'", "rpad(c_char::text, 3)", "c_char", Compare.TEXT,
                    "blank-padded, as PostgreSQL stores it"),
            check("c_bytea", "bytea", "'\\x00ff10'::bytea", "''::bytea", "encode(c_bytea, 'hex')",
                    "lower(hex(c_bytea))", Compare.TEXT, "the bytes"),
            plain("c_uuid", "uuid", "'6f1d6a59-34d7-4b7d-9a5c-1e2f3a4b5c6d'",
                    "'00000000-0000-0000-0000-000000000000'"),
            plain("c_json", "json", "'{\"a\": [1, 2]}'", "'[]'"),
            plain("c_jsonb", "jsonb", "'{\"b\": {\"c\": null}}'", "'\"just a string\"'"),
            plain("c_xml", "xml", "'<a x=\"1\">t</a>'", "'<b/>'"),
            check("c_mood", "mood", "'happy'", "'sad'", "c_mood::text", "c_mood", Compare.TEXT,
                    "`mood` is an enum type"),
            check("c_domain", "positive_int", "7", "2147483647", "c_domain::text", "toString(c_domain)",
                    Compare.TEXT, "`positive_int` is a domain over integer"),
            plain("c_citext", "citext", "'MiXed Case'", "''"),
            plain("c_ltree", "ltree", "'top.mid.leaf'", "''"),
            check("c_pair", "pair", "ROW(1, 'x')", "ROW(NULL, 'q\"t, u')", "c_pair::text", "c_pair", Compare.TEXT,
                    "`pair` is a composite type: its text, as PostgreSQL prints it (Debezium's "
                            + "include.unknown.datatypes)"),
            check("c_hstore", "hstore", "'k=>v, n=>NULL'", "''", "hstore_to_json(c_hstore)::text", "c_hstore",
                    Compare.JSON_DOCUMENT, "JSON object"),
            check("c_date", "date", "'2026-02-28'", "'2106-02-07'", "c_date::text", "toString(c_date)",
                    Compare.TEXT, "Date: 1970-01-01 to 2106-02-07, Date32: 1900 to 2299; others rejected"),
            check("c_time", "time", "'13:14:15.123'", "'00:00:00'", MICROS.formatted("c_time"),
                    "toString(c_time)", Compare.TEXT, "microseconds of the day"),
            check("c_time6", "time(6)", "'23:59:59.999999'", "'24:00:00'", MICROS.formatted("c_time6"),
                    "toString(c_time6)", Compare.TEXT, "microseconds of the day (24:00:00 included)"),
            check("c_timetz", "timetz", "'13:14:15.5+02'", "'00:00:00-05:30'",
                    "(c_timetz AT TIME ZONE 'UTC')::time::text", "c_timetz", Compare.TIME_OF_DAY,
                    "ISO time in UTC, '11:14:15.5Z'"),
            check("c_timestamp", "timestamp", "'2026-11-29 12:34:56.789012'", "'1969-12-31 23:59:59.999999'",
                    MICROS.formatted("c_timestamp"), "toString(toInt64(c_timestamp))", Compare.TEXT,
                    "DateTime64(6): 1900 to 2299, others rejected; 18.16: epoch microseconds"),
            check("c_timestamptz", "timestamptz", "'2026-11-29 12:34:56.789012+01'",
                    "'1969-12-31 23:59:59.999999+00'", MICROS.formatted("c_timestamptz"),
                    "toString(toInt64(c_timestamptz))", Compare.TEXT, "the instant, as timestamp"),
            check("c_interval", "interval", "'1 year 2 months 3 days 04:05:06.5'", "'-3 days 00:00:01'",
                    "'P' || extract(year from c_interval)::int || 'Y' || extract(month from c_interval)::int || 'M' "
                            + "|| extract(day from c_interval)::int || 'DT' || extract(hour from c_interval)::int "
                            + "|| 'H' || extract(minute from c_interval)::int || 'M' "
                            + "|| trim_scale(extract(second from c_interval)) || 'S'", "c_interval", Compare.TEXT,
                    "ISO 8601, 'P1Y2M3DT4H5M6.5S' (`interval.handling.mode=string` in the Debezium template)"),
            check("c_inet", "inet", "'192.168.0.1/24'", "'::1'", "nullif(format('%s', c_inet), '')", "c_inet",
                    Compare.TEXT, "PostgreSQL's text"),
            plain("c_cidr", "cidr", "'10.0.0.0/8'", "'2001:db8::/32'"),
            plain("c_macaddr", "macaddr", "'08:00:2b:01:02:03'", "'ff:ff:ff:ff:ff:ff'"),
            plain("c_macaddr8", "macaddr8", "'08:00:2b:01:02:03:04:05'", "'00:00:00:00:00:00:00:00'"),
            check("c_bit", "bit(1)", "B'1'", "B'0'", "c_bit::text", "toString(toUInt8(c_bit))", Compare.TEXT,
                    "as boolean"),
            check("c_bit8", "bit(8)", "B'11110000'", "B'00000101'", "c_bit8::text", "c_bit8", Compare.TEXT,
                    "'11110000', every digit"),
            check("c_varbit", "varbit", "B'1101'", "B'1'", "c_varbit::text", "c_varbit", Compare.TEXT,
                    "'1101'; leading zeros are lost (Debezium sends no length)"),
            plain("c_int4range", "int4range", "'[1,10)'", "'empty'"),
            plain("c_int8range", "int8range", "'[5,)'", "'(,)'"),
            plain("c_numrange", "numrange", "'(1.5,2.5]'", "'[-1,-1]'"),
            plain("c_tsrange", "tsrange", "'[2026-01-01 00:00,2026-02-01 00:00)'", "'(,2026-01-01 12:00]'"),
            check("c_tstzrange", "tstzrange", "'[2026-01-01 00:00+00,2026-02-01 00:00+00)'", "'empty'",
                    "c_tstzrange::text", "c_tstzrange", Compare.TEXT, "PostgreSQL's text in the server's zone"),
            plain("c_daterange", "daterange", "'[2026-01-01,2026-02-01)'", "'[2026-01-01,)'"),
            check("c_point", "point", "'(1.5,2.5)'", "'(-1,0)'", "c_point[0]::text || ',' || c_point[1]::text",
                    "concat(toString(visitParamExtractFloat(c_point, 'x')), ',', "
                            + "toString(visitParamExtractFloat(c_point, 'y')))", Compare.TEXT,
                    "JSON {x, y, wkb, srid}"),
            check("c_line", "line", "'{1,-1,0}'", "'{0,1,-2}'", "c_line::text",
                    "concat('{', toString(visitParamExtractFloat(c_line, 'a')), ',', "
                            + "toString(visitParamExtractFloat(c_line, 'b')), ',', "
                            + "toString(visitParamExtractFloat(c_line, 'c')), '}')", Compare.TEXT, "JSON {a, b, c}"),
            geometry("c_lseg", "lseg", "'[(0,0),(1,1)]'", "'[(-1.5,2),(3,-4)]'", Compare.POINTS),
            geometry("c_box", "box", "'((0,0),(1,1))'", "'((-2,-1),(3,4))'", Compare.BOX_CORNERS),
            geometry("c_path", "path", "'[(0,0),(1,1),(2,0)]'", "'((0,0),(1,0),(1,1))'", Compare.POINTS),
            geometry("c_polygon", "polygon", "'((0,0),(1,1),(1,0))'", "'((0,0),(0,5),(5,5),(5,0))'",
                    Compare.POINTS),
            check("c_circle", "circle", "'<(0,0),2>'", "'<(1.5,-2),0.5>'", "c_circle::text",
                    "concat('<(', toString(visitParamExtractFloat(c_circle, 'x')), ',', "
                            + "toString(visitParamExtractFloat(c_circle, 'y')), '),', "
                            + "toString(visitParamExtractFloat(c_circle, 'radius')), '>')", Compare.TEXT,
                    "JSON {center, radius}"),
            plain("c_tsvector", "tsvector", "'a fat cat'", "''"),
            array("c_int_array", "integer[]", "'{1,NULL,3}'", "'{}'", "e::text"),
            array("c_text_array", "text[]", "'{\"a\",NULL,\"c d\"}'", "'{\"x,y\",\"q\\\"t''s\",\"\"}'", "e"),
            array("c_numeric_array", "numeric(8,2)[]", "'{1.25,NULL}'", "'{-0.01}'", "e::text"),
            array("c_uuid_array", "uuid[]", "'{6f1d6a59-34d7-4b7d-9a5c-1e2f3a4b5c6d,NULL}'", "'{}'", "e::text"),
            array("c_date_array", "date[]", "'{2026-01-01,NULL}'", "'{1970-01-02}'", "e::text"),
            array("c_timestamptz_array", "timestamptz[]", "'{\"2026-11-29 12:34:56.789+00\",NULL}'", "'{}'",
                    MICROS.formatted("e")),
            array("c_mood_array", "mood[]", "'{sad,happy}'", "'{}'", "e::text"),
            array("c_jsonb_array", "jsonb[]", "ARRAY['{\"x\": 1}'::jsonb, NULL]", "'{}'", "e::text"),
            array("c_bool_array", "boolean[]", "'{true,NULL,false}'", "'{}'", "e::int::text"),
            array("c_float_array", "double precision[]", "'{1.5,NULL}'", "'{-0.25}'", "e::text"));

    private PostgresTypeChecks() {
    }

    /** A column PostgreSQL and ClickHouse print alike. */
    private static Check plain(String column, String type, String ordinary, String edge) {
        return check(column, type, ordinary, edge, column + "::text", "toString(" + column + ")", Compare.TEXT,
                "");
    }

    private static Check check(String column, String type, String ordinary, String edge, String postgresText,
                               String clickHouseText, Compare compare, String note) {
        return new Check(column, type, ordinary, edge, postgresText, clickHouseText, compare, note);
    }

    /** A geometric type Debezium sends as WKB: its points are compared. */
    private static Check geometry(String column, String type, String ordinary, String edge, Compare compare) {
        return check(column, type, ordinary, edge, column + "::text",
                "visitParamExtractString(" + column + ", 'wkb')", compare, "JSON {wkb (base64), srid, extensions}");
    }

    /** An array, element by element (elements as {@code element} prints each one, {@code e}). */
    private static Check array(String column, String type, String ordinary, String edge, String element) {
        return check(column, type, ordinary, edge, "(SELECT array_to_json(array_agg(" + element + " ORDER BY i)) "
                + "FROM unnest(" + column + ") WITH ORDINALITY AS u(e, i))", "toString(" + column + ")",
                Compare.ARRAY, "NULL elements kept; a NULL array is written empty");
    }

    private static double number(String text) {
        return switch (text) {
            case "inf", "Infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-Infinity" -> Double.NEGATIVE_INFINITY;
            case "nan", "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not JSON: " + text, e);
        }
    }

    /** The elements of a ClickHouse array literal ([1,NULL,'a\'b']) as texts, NULL as null. */
    static List<String> arrayLiteral(String literal) {
        List<String> elements = new ArrayList<>();
        String body = literal.substring(1, literal.length() - 1);
        int i = 0;
        while (i < body.length()) {
            StringBuilder element = new StringBuilder();
            if (body.charAt(i) == '\'') {
                for (i++; body.charAt(i) != '\''; i++) {
                    element.append(body.charAt(i) == '\\' ? body.charAt(++i) : body.charAt(i));
                }
                i++;
                elements.add(element.toString());
            } else {
                for (; i < body.length() && body.charAt(i) != ','; i++) {
                    element.append(body.charAt(i));
                }
                elements.add(element.toString().equals("NULL") ? null : element.toString());
            }
            i++;
        }
        return elements;
    }

    private static final Pattern NUMBER_TEXT = Pattern.compile("-?[0-9.]+(?:e[-+]?[0-9]+)?");

    private static List<Double> numbers(String text) {
        List<Double> numbers = new ArrayList<>();
        Matcher matcher = NUMBER_TEXT.matcher(text);
        while (matcher.find()) {
            numbers.add(Double.parseDouble(matcher.group()));
        }
        return numbers;
    }

    /** The points of a PostgreSQL geometric value's text: its numbers, pairwise. */
    private static Set<List<Double>> points(String text) {
        List<Double> numbers = numbers(text);
        Set<List<Double>> points = new HashSet<>();
        for (int i = 0; i + 1 < numbers.size(); i += 2) {
            points.add(List.of(numbers.get(i), numbers.get(i + 1)));
        }
        return points;
    }

    /** The four corners of a PostgreSQL box, which prints two of them. */
    private static Set<List<Double>> corners(String box) {
        List<Double> numbers = numbers(box);
        Set<List<Double>> corners = new HashSet<>();
        for (double x : List.of(numbers.get(0), numbers.get(2))) {
            for (double y : List.of(numbers.get(1), numbers.get(3))) {
                corners.add(List.of(x, y));
            }
        }
        return corners;
    }

    /** The points of a WKB line string or polygon (base64): every coordinate pair after the counts. */
    private static Set<List<Double>> wkbPoints(String base64) {
        ByteBuffer wkb = ByteBuffer.wrap(Base64.getDecoder().decode(base64));
        wkb.order(wkb.get() == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int geometry = wkb.getInt();
        int rings = geometry == 3 ? wkb.getInt() : 1;
        Set<List<Double>> points = new HashSet<>();
        for (int ring = 0; ring < rings; ring++) {
            int count = wkb.getInt();
            for (int i = 0; i < count; i++) {
                points.add(List.of(wkb.getDouble(), wkb.getDouble()));
            }
        }
        return points;
    }
}
