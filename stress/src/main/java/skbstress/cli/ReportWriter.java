package skbstress.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Writes a run's report folder: {@code summary.json}, {@code junit.xml} and {@code index.html}. */
final class ReportWriter {
    // a newer summary's extra fields are no reason to refuse it
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ReportWriter() {}

    static void write(Path dir, RunReport r) throws IOException {
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve("summary.json").toFile(), r);
        Files.writeString(dir.resolve("junit.xml"), junit(r), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("index.html"), HtmlReport.html(r), StandardCharsets.UTF_8);
    }

    static RunReport read(Path dir) throws IOException {
        Path f = dir.resolve("summary.json");
        if (!Files.isRegularFile(f)) {
            throw new IOException(dir + " holds no summary.json: not a skbstress report folder");
        }
        return JSON.readValue(f.toFile(), RunReport.class);
    }

    // ---------------------------------------------------------------- JUnit XML

    /**
     * JUnit's XML for CI dashboards: a passing test case per PASS and per CAUGHT canary, a failure per FAIL,
     * MISSED and HUNG, an error per ERROR, a skipped case per SKIPPED; the run's environment, seed, command and
     * budget as properties, and the budget's overrun and any hang in the suite's output.
     */
    static String junit(RunReport r) {
        long failures = r.tests().stream().filter(t -> FAILURES.contains(t.status())).count();
        long errors = r.tests().stream().filter(t -> t.status().equals("ERROR")).count();
        long skipped = r.tests().stream().filter(t -> t.status().equals("SKIPPED")).count();
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append(String.format(Locale.ROOT, "<testsuite name=\"skbstress %s%s\" tests=\"%d\" failures=\"%d\" "
                        + "errors=\"%d\" skipped=\"%d\" time=\"%.3f\" timestamp=\"%s\">%n", xml(r.profile()),
                r.shard().equals("1/1") ? "" : " shard " + xml(r.shard()), r.tests().size(), failures, errors, skipped,
                r.seconds(), xml(r.started())));
        x.append("  <properties>\n");
        for (Map.Entry<String, String> p : properties(r).entrySet()) {
            x.append("    <property name=\"").append(xml(p.getKey())).append("\" value=\"").append(xml(p.getValue()))
                    .append("\"/>\n");
        }
        x.append("  </properties>\n");
        for (RunReport.TestReport t : r.tests()) {
            x.append(String.format(Locale.ROOT, "  <testcase classname=\"skbstress.%s.%s\" name=\"%s\" time=\"%.3f\"",
                    xml(t.kind().toLowerCase(Locale.ROOT)), xml(t.area()), xml(t.id()), t.seconds()));
            switch (t.status()) {
                case "PASS" -> x.append("/>\n");
                case "CAUGHT" -> x.append(">\n    <system-out>").append(xml(t.summary())).append("</system-out>\n")
                        .append("  </testcase>\n");
                case "SKIPPED" -> x.append(">\n    <skipped message=\"").append(xml(t.summary()))
                        .append("\"/>\n  </testcase>\n");
                default -> {
                    String tag = t.status().equals("ERROR") ? "error" : "failure";
                    x.append(">\n    <").append(tag).append(" type=\"").append(t.status()).append("\" message=\"")
                            .append(xml(t.summary())).append("\">").append(xml(t.details() + "\nreplay: " + t.replay()))
                            .append("</").append(tag).append(">\n  </testcase>\n");
                }
            }
        }
        x.append("  <system-out>").append(xml(Summary.timeLine(r))).append('\n');
        if (r.hang() != null) {
            x.append(xml("hung: " + r.hang().test() + ": " + r.hang().why() + ", while " + r.hang().doing()))
                    .append('\n');
        }
        x.append("  </system-out>\n");
        return x.append("</testsuite>\n").toString();
    }

    private static final java.util.Set<String> FAILURES = java.util.Set.of("FAIL", "MISSED", "HUNG");

    /** What reproduces the run: the seed, the command, the budget, and the environment. */
    static Map<String, String> properties(RunReport r) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("schemaVersion", String.valueOf(r.schemaVersion()));
        p.put("subject", r.subject());
        p.put("command", r.command());
        p.put("seed", String.valueOf(r.seed()));
        p.put("profile", r.profile());
        p.put("shard", r.shard());
        p.put("budgetSeconds", String.format(Locale.ROOT, "%.0f", r.budgetSeconds()));
        p.put("seconds", String.format(Locale.ROOT, "%.1f", r.seconds()));
        p.put("overBudgetSeconds", String.format(Locale.ROOT, "%.1f", r.overBudgetSeconds()));
        if (r.environment() != null) {
            r.environment().describe().forEach((k, v) -> p.put(k.replace(' ', '.'), v));
        }
        return p;
    }

    static String xml(String s) {
        return HtmlReport.esc(s).replaceAll("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]", "?");
    }
}
