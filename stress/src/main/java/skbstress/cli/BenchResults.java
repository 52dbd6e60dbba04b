package skbstress.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * JMH's JSON results ({@code -rf json}: an array of one object per benchmark and thread count), read back as the
 * scores the report draws: the primary metric (average time per operation) with its error, and the bytes
 * allocated per operation from the gc profiler ({@code gc.alloc.rate.norm}).
 */
final class BenchResults {
    /** A score's error above this share of it is flagged: the figure is not a figure. */
    static final double NOISY = 0.10;

    /**
     * One result. {@code error} is the half-width of JMH's 99.9% confidence interval, NaN when JMH could not
     * estimate one (a single iteration); {@code bytesPerOp} is NaN when the run had no gc profiler.
     */
    record Score(String benchmark, int threads, double score, double error, String unit, double bytesPerOp) {
        boolean noisy() {
            return Double.isNaN(error) || error > NOISY * score;
        }

        double errorShare() {
            return score == 0 ? Double.NaN : error / score;
        }
    }

    /** Ours against the best peer (the fastest): {@code ratio} = peer's time / ours, above 1 when ours is faster. */
    record Comparison(BenchCatalog.Entry ours, Score oursScore, BenchCatalog.Entry peer, Score peerScore,
                      double ratio) {
        boolean oursSlower() {
            return ratio < 1;
        }

        boolean uncertain() {
            return oursScore.noisy() || peerScore.noisy();
        }
    }

    private final Map<String, List<Score>> byBenchmark = new LinkedHashMap<>();

    BenchResults(List<Score> scores) {
        for (Score s : scores) {
            byBenchmark.computeIfAbsent(s.benchmark(), k -> new ArrayList<>()).add(s);
        }
        byBenchmark.values().forEach(l -> l.sort(Comparator.comparingInt(Score::threads)));
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every {@code jmh-result*.json} in the report folder. */
    static BenchResults read(Path dir) throws IOException {
        List<Score> scores = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("jmh-result.*\\.json")).sorted()
                    .toList()) {
                scores.addAll(parse(JSON.readTree(f.toFile())));
            }
        }
        return new BenchResults(scores);
    }

    static List<Score> parse(JsonNode array) {
        List<Score> out = new ArrayList<>();
        for (JsonNode r : array) {
            JsonNode primary = r.path("primaryMetric");
            JsonNode norm = r.path("secondaryMetrics").path("gc.alloc.rate.norm");
            out.add(new Score(r.path("benchmark").asText(), r.path("threads").asInt(1), number(primary.path("score")),
                    number(primary.path("scoreError")), primary.path("scoreUnit").asText("?"),
                    norm.isMissingNode() ? Double.NaN : number(norm.path("score"))));
        }
        return out;
    }

    /** JMH writes "NaN" as a string where it has no number. */
    private static double number(JsonNode n) {
        if (n.isNumber()) {
            return n.asDouble();
        }
        try {
            return n.isTextual() ? Double.parseDouble(n.asText()) : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    boolean isEmpty() {
        return byBenchmark.isEmpty();
    }

    /** The benchmark's result at the fewest threads it ran on (1, or its group's size), if it ran. */
    Optional<Score> single(String benchmark) {
        List<Score> l = byBenchmark.get(benchmark);
        return l == null || l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    Optional<Score> at(String benchmark, int threads) {
        return byBenchmark.getOrDefault(benchmark, List.of()).stream().filter(s -> s.threads() == threads).findFirst();
    }

    /** Thread counts any of these benchmarks ran on, ascending. */
    List<Integer> threadCounts(List<BenchCatalog.Entry> entries) {
        return entries.stream().flatMap(e -> byBenchmark.getOrDefault(e.benchmark(), List.of()).stream())
                .map(Score::threads).distinct().sorted().toList();
    }

    /** Ours against the fastest peer on the path, if both ran. */
    Optional<Comparison> compare(BenchCatalog.Path path) {
        BenchCatalog.Entry ours = null;
        BenchCatalog.Entry best = null;
        for (BenchCatalog.Entry e : path.entries()) {
            if (single(e.benchmark()).isEmpty()) {
                continue;
            }
            if (e.subject().kind() == BenchCatalog.Kind.OURS) {
                ours = e;
            } else if (e.subject().kind() == BenchCatalog.Kind.PEER && (best == null
                    || single(e.benchmark()).get().score() < single(best.benchmark()).get().score())) {
                best = e;
            }
        }
        if (ours == null || best == null) {
            return Optional.empty();
        }
        Score o = single(ours.benchmark()).get();
        Score p = single(best.benchmark()).get();
        return Optional.of(new Comparison(ours, o, best, p, p.score() / o.score()));
    }
}
