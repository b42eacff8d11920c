package org.openiothub.benchmark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Hostile input to the service REST API and the query language: malformed and deeply nested JSON, bodies over the
 * limits, bytes that are not UTF-8, device ids with {@code ..}, {@code %2F} and control characters, random query text,
 * deep parentheses, huge IN lists and long operator chains. Every answer is counted by status; a 5xx is a defect.
 */
final class FuzzRestCases {

    /** Where JSON bodies go, with a valid body to start from. */
    private record Endpoint(String method, String path, String validBody) {
    }

    private static final List<String> QUERY_TOKENS = List.of("SELECT", "*", "FROM", "devices", "devices.modules",
            "devices.jobs", "WHERE", "AND", "OR", "NOT", "IN", "NIN", "(", ")", "[", "]", ",", "=", "!=", "<>", "<", ">",
            "<=", ">=", "+", "-", "/", "%", "'a'", "\"b\"", "1", "1.5e308", "-0", "99999999999999999999", "tags.x",
            "properties.reported.t", "properties.desired.$version", "$version", "IS_DEFINED(", "COUNT()", "GROUP BY", "TOP",
            "AS", "deviceId", "status", "'", "\"", "\\", "[\"k\"]", "\u0000", "\u00e9", "\uffff", "..", "SUM(", "x.y.z");

    /** Characters that change what JSON means. */
    private static final String MUTATIONS = "{}[]\":,\\ tfn0-";

    private final FuzzHubApi api;
    private final FuzzTally tally;
    private final String device;
    private final List<Endpoint> endpoints;

    /** @param device an existing device whose twin and methods the cases aim at */
    FuzzRestCases(FuzzHubApi api, FuzzTally tally, String device) {
        this.api = api;
        this.tally = tally;
        this.device = device;
        this.endpoints = List.of(
                new Endpoint("PUT", "/devices/fuzz-created", "{\"deviceId\":\"fuzz-created\",\"status\":\"enabled\"}"),
                new Endpoint("PATCH", "/twins/" + device, "{\"tags\":{\"a\":1},\"properties\":{\"desired\":{\"b\":\"c\"}}}"),
                new Endpoint("PUT", "/twins/" + device, "{\"tags\":{\"a\":1},\"properties\":{\"desired\":{\"b\":\"c\"}}}"),
                new Endpoint("POST", "/devices", "[{\"id\":\"fuzz-bulk\",\"importMode\":\"createOrUpdate\"}]"),
                new Endpoint("PUT", "/devices/" + device + "/modules/m1", "{\"deviceId\":\"" + device + "\",\"moduleId\":\"m1\"}"),
                new Endpoint("POST", "/twins/" + device + "/methods",
                        "{\"methodName\":\"m\",\"payload\":{\"a\":[1,2]},\"responseTimeoutInSeconds\":5}"),
                new Endpoint("PUT", "/jobs/v2/fuzz-job", "{\"jobId\":\"fuzz-job\",\"type\":\"scheduleUpdateTwin\","
                        + "\"queryCondition\":\"deviceId = 'nobody'\",\"startTime\":\"2099-01-01T00:00:00Z\","
                        + "\"updateTwin\":{\"tags\":{\"a\":1},\"etag\":\"*\"}}"),
                new Endpoint("POST", "/devices/query", "{\"query\":\"SELECT * FROM devices WHERE tags.a = 1\"}"),
                new Endpoint("PUT", "/eventHubEndpoints/events/consumerGroups/fuzz", "{}"));
    }

    void runOne(Random random) throws InterruptedException {
        int pick = random.nextInt(100);
        if (pick < 14) {
            malformedJson(random);
        } else if (pick < 26) {
            deepJson(random);
        } else if (pick < 36) {
            invalidUtf8(random);
        } else if (pick < 39) {
            hugeBody(random);
        } else if (pick < 55) {
            oddId(random);
        } else if (pick < 70) {
            query("query.random-text", randomQuery(random));
        } else if (pick < 78) {
            query("query.deep-parentheses", deepParentheses(random));
        } else if (pick < 86) {
            query("query.huge-in-list", hugeInList(random));
        } else {
            query("query.long-chain", longChain(random));
        }
    }

    private void malformedJson(Random random) throws InterruptedException {
        Endpoint endpoint = endpoints.get(random.nextInt(endpoints.size()));
        byte[] body = endpoint.validBody().getBytes(StandardCharsets.UTF_8);
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            int at = random.nextInt(body.length);
            switch (random.nextInt(3)) {
                case 0 -> body[at] = (byte) MUTATIONS.charAt(random.nextInt(MUTATIONS.length()));
                case 1 -> body = cut(body, at);
                default -> body[at] = (byte) (32 + random.nextInt(95));
            }
        }
        send("rest.malformed-json", endpoint.method(), endpoint.path(), body);
    }

    private void deepJson(Random random) throws InterruptedException {
        int[] depths = {11, 100, 999, 1_001, 5_000, 100_000};
        int depth = depths[random.nextInt(depths.length)];
        boolean arrays = random.nextBoolean();
        String deep = arrays ? "[".repeat(depth) + "1" + "]".repeat(depth) : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        Endpoint endpoint = endpoints.get(random.nextInt(endpoints.size()));
        String body = switch (random.nextInt(3)) {
            case 0 -> deep;
            case 1 -> "{\"tags\":{\"t\":" + deep + "}}";
            default -> "{\"methodName\":\"m\",\"payload\":" + deep + "}";
        };
        send("rest.deep-json", endpoint.method(), endpoint.path(), body.getBytes(StandardCharsets.UTF_8));
    }

    private void invalidUtf8(Random random) throws InterruptedException {
        Endpoint endpoint = endpoints.get(random.nextInt(endpoints.size()));
        byte[] valid = endpoint.validBody().getBytes(StandardCharsets.UTF_8);
        byte[][] invalid = {{(byte) 0xff}, {(byte) 0xc3, '"'}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
        byte[] bad = invalid[random.nextInt(invalid.length)];
        // Inside a string value where there is one, so that only the encoding is wrong.
        int at = endpoint.validBody().lastIndexOf('"');
        at = at > 0 ? at : valid.length / 2;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(valid, 0, at);
        body.writeBytes(bad);
        body.write(valid, at, valid.length - at);
        send("rest.invalid-utf8", endpoint.method(), endpoint.path(), body.toByteArray());
    }

    /** Bodies over the limits: declared (Content-Length) or streamed without a length. */
    private void hugeBody(Random random) throws InterruptedException {
        Endpoint endpoint = endpoints.get(random.nextInt(endpoints.size()));
        int size = random.nextBoolean() ? 9 * 1024 * 1024 : 300_000 + random.nextInt(3_000_000);
        byte[] body = new byte[size];
        java.util.Arrays.fill(body, (byte) 'a');
        body[0] = '{';
        if (random.nextBoolean()) {
            send("rest.huge-body", endpoint.method(), endpoint.path(), body);
        } else {
            HttpRequest.BodyPublisher streamed = HttpRequest.BodyPublishers.ofInputStream(() -> new RepeatingStream(size));
            send("rest.huge-body-streamed", endpoint.method(), endpoint.path(), streamed);
        }
    }

    private void oddId(Random random) throws InterruptedException {
        String[] ids = {"..", ".", "%2E%2E", "..%2F..%2Fetc", "a%2Fb", "%2F", "a%00b", "a%0Ab", "a%0D%0Ab", "a%7Fb", "%FF",
            "%C3%28", "a%20b", "%E2%80%AE", "dev%3F", "dev%23", "a".repeat(129), "a".repeat(5000), "%25", "%2525", "a;b",
            "a%5Cb", "con", "*", "$edgeAgent", "a%09b", "%F0%9F%98%80"};
        String id = ids[random.nextInt(ids.length)];
        String[][] routes = {
            {"GET", "/devices/" + id}, {"DELETE", "/devices/" + id}, {"PUT", "/devices/" + id},
            {"GET", "/twins/" + id}, {"PATCH", "/twins/" + id}, {"GET", "/devices/" + id + "/modules"},
            {"GET", "/devices/" + device + "/modules/" + id}, {"POST", "/twins/" + id + "/methods"},
            {"POST", "/devices/" + id + "/messages/deviceBound"}, {"GET", "/jobs/v2/" + id},
            {"GET", "/eventHubEndpoints/events/consumerGroups/" + id}};
        String[] route = routes[random.nextInt(routes.length)];
        String body = switch (route[0]) {
            case "PUT" -> "{\"deviceId\":\"" + id + "\"}";
            case "PATCH" -> "{\"tags\":{\"a\":1}}";
            case "POST" -> "{\"methodName\":\"m\",\"responseTimeoutInSeconds\":5}";
            default -> null;
        };
        send("rest.odd-id", route[0], route[1], body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private void query(String kind, String text) throws InterruptedException {
        send(kind, "POST", "/devices/query", ("{\"query\":" + jsonString(text) + "}").getBytes(StandardCharsets.UTF_8));
    }

    private static String randomQuery(Random random) {
        StringBuilder text = new StringBuilder(random.nextBoolean() ? "SELECT * FROM devices WHERE " : "");
        int tokens = 1 + random.nextInt(40);
        for (int i = 0; i < tokens; i++) {
            if (random.nextInt(10) == 0) {
                text.append((char) random.nextInt(0x3000));
            } else {
                text.append(QUERY_TOKENS.get(random.nextInt(QUERY_TOKENS.size())));
            }
            text.append(random.nextInt(4) == 0 ? "" : " ");
        }
        return text.toString();
    }

    private static String deepParentheses(Random random) {
        int[] depths = {99, 101, 1_000, 4_000, 10_000};
        int depth = depths[random.nextInt(depths.length)];
        String inner = random.nextBoolean() ? "tags.a = 1" : "NOT -+-x";
        return "SELECT * FROM devices WHERE " + "(".repeat(depth) + inner + ")".repeat(depth);
    }

    private static String hugeInList(Random random) {
        int[] sizes = {100, 1_000, 1_600, 3_000, 100_000};
        int size = sizes[random.nextInt(sizes.length)];
        StringBuilder text = new StringBuilder("SELECT * FROM devices WHERE ")
                .append(random.nextBoolean() ? "deviceId" : "tags.n").append(random.nextBoolean() ? " IN [" : " NIN [");
        for (int i = 0; i < size; i++) {
            text.append(i == 0 ? "" : ",").append(random.nextBoolean() ? String.valueOf(i) : "'d" + i + "'");
        }
        return text.append(']').toString();
    }

    private static String longChain(Random random) {
        int[] lengths = {500, 999, 1_001, 1_300, 3_000};
        int length = lengths[random.nextInt(lengths.length)];
        return switch (random.nextInt(4)) {
            case 0 -> "SELECT * FROM devices WHERE tags.n = 1" + "+1".repeat(length);
            case 1 -> "SELECT * FROM devices WHERE " + "a=1 OR ".repeat(Math.min(length, 1_150)) + "deviceId='x'";
            case 2 -> "SELECT * FROM devices WHERE " + "a AND ".repeat(length) + "b";
            default -> "SELECT * FROM devices WHERE tags.n = 2" + "*2".repeat(length);
        };
    }

    // --- sending ------------------------------------------------------------------------------------------------

    private void send(String kind, String method, String path, byte[] body) throws InterruptedException {
        send(kind, method, path, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private void send(String kind, String method, String path, HttpRequest.BodyPublisher body) throws InterruptedException {
        try {
            HttpResponse<String> response = api.send(method, path, body, "application/json; charset=utf-8");
            tally.status(kind, response.statusCode(), method + " " + abbreviate(path) + " -> " + abbreviate(response.body()));
        } catch (IllegalArgumentException e) {
            tally.count(kind, "not sendable");
        } catch (IOException e) {
            tally.count(kind, "io-error " + e.getClass().getSimpleName());
        }
    }

    private static byte[] cut(byte[] body, int at) {
        byte[] shorter = new byte[at];
        System.arraycopy(body, 0, shorter, 0, at);
        return shorter.length == 0 ? new byte[] {'{'} : shorter;
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 160 ? text.substring(0, 160) + "..." : text;
    }

    static String jsonString(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** {@code '{'} then {@code 'a'}s, {@code size} bytes in all, without holding them. */
    private static final class RepeatingStream extends InputStream {

        private long left;

        RepeatingStream(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            if (left <= 0) {
                return -1;
            }
            return left-- == 0 ? '{' : 'a';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(length, left);
            java.util.Arrays.fill(buffer, offset, offset + n, (byte) 'a');
            left -= n;
            return n;
        }
    }
}
