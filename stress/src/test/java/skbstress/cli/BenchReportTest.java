package skbstress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark report drawn from made-up JMH JSON (the shape JMH 1.37 writes with {@code -rf json -prof gc}): a
 * bar and a whisker per score, the ratio to the best peer said in words when ours is slower, errors above 10%
 * flagged, bytes per operation shown, a failed benchmark and a subject that does not apply each named.
 */
class BenchReportTest {
    @TempDir
    Path tmp;

    private static final String SKB = "skbstress.bench.SkbBenchmarks.";
    private static final String CROSS = "skbstress.bench.CrossThreadBenchmarks.";

    /** One JMH result object; error null writes JMH's "NaN". */
    private static String result(String benchmark, int threads, double score, Double error, double bytesPerOp) {
        String err = error == null ? "\"NaN\"" : String.format(Locale.ROOT, "%s", error);
        return String.format(Locale.ROOT, """
                {"jmhVersion":"1.37","benchmark":"%s","mode":"avgt","threads":%d,"forks":1,
                 "jvm":"/usr/bin/java","jvmArgs":["-Dio.netty.leakDetection.level=disabled"],
                 "warmupIterations":4,"warmupTime":"400 ms","measurementIterations":8,"measurementTime":"400 ms",
                 "primaryMetric":{"score":%s,"scoreError":%s,"scoreConfidence":[0,0],"scoreUnit":"ns/op",
                   "rawData":[[1.0]]},
                 "secondaryMetrics":{"gc.alloc.rate":{"score":0.5,"scoreError":0.1,"scoreUnit":"MB/sec"},
                   "gc.alloc.rate.norm":{"score":%s,"scoreError":0.001,"scoreUnit":"B/op"}}}""", benchmark, threads,
                score, err, bytesPerOp);
    }

    private Path madeUpRun() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("report"));
        List<String> main = List.of(
                result(SKB + "skbAllocFree", 1, 50, 2.0, 0.01),
                result(SKB + "nettyAdaptiveHeapAllocRelease", 1, 60, 1.0, 0.02),
                result(SKB + "nettyAdaptiveDirectAllocRelease", 1, 70, 10.0, 0.02), // 14%: noisy
                result(SKB + "nettyPooledHeapAllocRelease", 1, 80, 1.0, 0.0),
                result(SKB + "nettyPooledDirectAllocRelease", 1, 90, 1.0, 0.0),
                result(SKB + "newByteArray", 1, 7541, 5601.0, 2064), // a baseline far off the scale
                result(SKB + "skbCloneFree", 1, 40, 1.0, 0.0),
                result(SKB + "nettyAdaptiveRetainedDuplicateRelease", 1, 20, 1.0, 0.0), // ours slower: 0.50x
                result(SKB + "nettyRetainedDuplicateRelease", 1, 27, 1.0, 0.0),
                result(SKB + "skbFastCloneFree", 1, 30, 1.0, 0.0),
                result(SKB + "slabAllocFree", 1, 10, 0.5, 0.0),
                result(SKB + "nettyRecyclerGetRecycle", 1, 15, 0.2, 0.0),
                result(CROSS + "skbCrossThreadFree", 2, 200, 150.0, 0.0), // 75%: noisy
                result(CROSS + "nettyCrossThreadRelease", 2, 1000, 50.0, 24),
                result(CROSS + "handOff", 2, 50, null, 0.0)); // no error estimate; adaptive cross-thread failed
        Files.writeString(dir.resolve("jmh-result.json"), "[" + String.join(",\n", main) + "]");
        Files.writeString(dir.resolve("jmh-result-threads-2.json"), "[" + String.join(",\n",
                result(SKB + "skbAllocFree", 2, 60, 2.0, 0.01),
                result(SKB + "nettyAdaptiveHeapAllocRelease", 2, 100, 5.0, 0.0)) + "]");
        return dir;
    }

    private static BenchReport.Run run(Set<String> planned) {
        return new BenchReport.Run("./skbstress bench --profile quick", "quick", BenchProfile.QUICK.describe(),
                List.of(1, 2), 4, "2026-12-02T12:00:00", 151, "1.37", "4.2.18.Final", Environment.probe(), planned);
    }

    private static Set<String> everything() {
        Set<String> ids = new LinkedHashSet<>();
        BenchCatalog.select(Pattern.compile("")).forEach(e -> ids.add(e.id()));
        return ids;
    }

    private static String section(String html, String id) {
        int from = html.indexOf("<section id=\"" + id + "\"");
        assertThat(from).as("section %s", id).isNotNegative();
        return html.substring(from, html.indexOf("</section>", from));
    }

    private static int count(String s, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void barsErrorBarsRatiosFlagsAndBytesPerOperation() throws Exception {
        Path dir = madeUpRun();
        BenchResults results = BenchCommand.write(dir, run(everything()));
        String html = Files.readString(dir.resolve("index.html"));

        String alloc = section(html, "alloc-free");
        assertThat(count(alloc, "<rect class=\"bar ")).as("a bar per subject that ran").isEqualTo(6);
        assertThat(count(alloc, "<rect class=\"bar ours\"")).isEqualTo(1);
        assertThat(count(alloc, "<rect class=\"bar baseline\"")).isEqualTo(1);
        assertThat(count(alloc, "<path class=\"err\"")).as("a whisker per error but the cut bar's").isEqualTo(5);
        assertThat(count(alloc, "<path class=\"cut\"")).as("the baseline cut at the edge").isEqualTo(1);
        assertThat(alloc).contains("1.20x", "ours is faster than Netty adaptive heap (4.2 default)")
                .contains("Netty adaptive direct: its error (10.0) is 14% of its score, above 10%")
                .contains("error 14% of it") // on the chart
                .contains("2,064") // B/op of new byte[2048]
                .contains("Netty Recycler: left out, recycles objects");
        // the compared bars set the scale and stay in proportion; the baseline does not squeeze them
        assertThat(width(alloc, "bar ours") / widthOf(alloc, "Netty pooled direct")).isCloseTo(50.0 / 90,
                org.assertj.core.data.Offset.offset(0.01));
        assertThat(width(alloc, "bar ours")).isGreaterThan(100);

        String clone = section(html, "clone-free");
        assertThat(clone).contains("0.50x", "ours is slower than Netty adaptive heap (4.2 default) (ratio under 1)",
                "class=\"ratio slower\"");
        assertThat(section(html, "fast-clone-free")).contains("0.67x", "ours is slower");
        assertThat(section(html, "slab-alloc-free")).contains("1.50x", "ours is faster than Netty Recycler");

        String cross = section(html, "cross-thread-free");
        assertThat(cross).contains("5.00x", "uncertain: an error above 10% of its score", "error 75% of it",
                "the hand-off alone: JMH gave no error estimate",
                "Netty adaptive heap (4.2 default): no result (the benchmark failed");
        assertThat(count(cross, "<rect class=\"bar ")).isEqualTo(3);
        assertThat(count(cross, "<path class=\"err\"")).as("no whisker without an error").isEqualTo(2);

        String scaling = section(html, "scaling");
        assertThat(scaling).contains("1.67x (ideal 2x)", "1.20x (ideal 2x)", "33.3 ops/µs")
                .contains("the full profile also measures 4 threads");
        assertThat(count(scaling, "<rect class=\"bar ")).as("1 and 2 threads of ours and adaptive heap, 1 of the "
                + "others").isEqualTo(6);

        // the summary says it too, and the page needs nothing from outside
        String summary = html.substring(0, html.indexOf("<section"));
        assertThat(summary).contains("0.50x", "ours is slower than", "1.20x", "1.50x");
        assertThat(html).doesNotContain("<script", "src=\"", "href=\"http", "@import");

        JsonNode env = new ObjectMapper().readTree(dir.resolve("environment.json").toFile());
        assertThat(env.path("profile").asText()).isEqualTo("quick");
        assertThat(env.path("environment").path("cpus").asInt()).isPositive();
        assertThat(results.single(SKB + "newByteArray").orElseThrow().bytesPerOp()).isEqualTo(2064);
        assertThat(BenchCommand.table(results, everything(), List.of(1, 2))).contains("ratio 0.50x: ours is slower",
                "error 75% of it");
    }

    @Test
    void aSubjectLeftOutByTheFilterIsNotCalledAFailure() throws Exception {
        Path dir = madeUpRun();
        Set<String> planned = everything();
        planned.remove("cross-thread-free/netty-adaptive-heap");
        BenchCommand.write(dir, run(planned));
        String cross = section(Files.readString(dir.resolve("index.html")), "cross-thread-free");
        assertThat(cross).contains("Netty adaptive heap (4.2 default): not run (left out by --filter)")
                .doesNotContain("no result (the benchmark failed");
    }

    @Test
    void aPathWithoutOursSaysThereIsNoComparison() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("only-netty"));
        Files.writeString(dir.resolve("jmh-result.json"), "[" + result(SKB + "nettyRecyclerGetRecycle", 1, 15, 0.2, 0)
                + "]");
        BenchCommand.write(dir, run(Set.of("slab-alloc-free/netty-recycler")));
        String html = Files.readString(dir.resolve("index.html"));
        assertThat(html).contains("no comparison: ours or every peer has no usable result here");
        assertThat(section(html, "slab-alloc-free")).contains("ours (SkbImpl): not run (left out by --filter)")
                .doesNotContain("class=\"ratio");
        assertThat(section(html, "scaling")).contains("No scaling result in this run.");
    }

    private static BenchResults.Score score(String benchmark, double score, double error) {
        return new BenchResults.Score(benchmark, 1, score, error, "ns/op", 0);
    }

    private static BenchCatalog.Path path(String id) {
        return BenchCatalog.PATHS.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aRatioInsideTheErrorBarsANaNScoreAndAMissingPeerAreNoClearVerdict() {
        BenchResults close = new BenchResults(List.of(score(SKB + "slabAllocFree", 10.0, 0.9),
                score(SKB + "nettyRecyclerGetRecycle", 10.1, 0.9)), List.of());
        BenchResults.Comparison k = close.compare(path("slab-alloc-free"), everything()).orElseThrow();
        assertThat(BenchReport.verdict(k)).as("9% errors each, 1% apart").contains("ours is faster")
                .contains("uncertain: the two error intervals overlap");

        BenchResults nan = new BenchResults(List.of(score(SKB + "slabAllocFree", Double.NaN, Double.NaN),
                score(SKB + "nettyRecyclerGetRecycle", 10.1, 0.1)), List.of());
        assertThat(nan.compare(path("slab-alloc-free"), everything())).as("no ratio of a NaN").isEmpty();
        assertThat(nan.single(SKB + "slabAllocFree").orElseThrow().noisy()).isTrue();

        BenchResults oneMissing = new BenchResults(List.of(score(SKB + "skbAllocFree", 20, 0.1),
                score(SKB + "nettyPooledHeapAllocRelease", 40, 0.1)), List.of());
        k = oneMissing.compare(path("alloc-free"), everything()).orElseThrow();
        assertThat(BenchReport.verdict(k)).as("the adaptive and pooled direct runs gave nothing")
                .contains("3 planned peers have none");
    }

    /** The width of the bar on the row labelled so. */
    private static double widthOf(String svg, String label) {
        Matcher m = Pattern.compile(">" + Pattern.quote(label) + "</text><rect class=\"[a-z ]+\" x=\"\\d+\" y=\"\\d+\" "
                + "width=\"([0-9.]+)\"").matcher(svg);
        assertThat(m.find()).as(label).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static double width(String svg, String css) {
        Matcher m = Pattern.compile("<rect class=\"" + Pattern.quote(css) + "\" x=\"\\d+\" y=\"\\d+\" width=\"([0-9.]+)\"")
                .matcher(svg);
        assertThat(m.find()).as(css).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
