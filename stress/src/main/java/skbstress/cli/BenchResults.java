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
        /** Whether the error is missing or above {@link #NOISY} of the score (a NaN score is noisy too). */
        boolean noisy() {
            return !(error <= NOISY * score);
        }

        /** A score a ratio can be taken of: a positive number of ns/op. */
        boolean usable() {
            return Double.isFinite(score) && score > 0 && "ns/op".equals(unit);
        }

        double errorShare() {
            return score == 0 ? Double.NaN : error / score;
        }
    }

    /**
     * Ours against the best peer (the fastest), both usable: {@code ratio} = peer's time / ours, above 1 when ours is
     * faster; {@code missingPeers}: peers planned on the path that gave no usable result, so "best" is of the rest.
     */
    record Comparison(Score oursScore, BenchCatalog.Entry peer, Score peerScore, int missingPeers) {
        double ratio() {
            return peerScore.score() / oursScore.score();
        }

        boolean oursSlower() {
            return ratio() < 1;
        }

        /** The two 99.9% intervals overlap: the run does not tell which side is faster. */
        boolean overlap() {
            return Math.abs(oursScore.score() - peerScore.score()) <= oursScore.error() + peerScore.error();
        }

        boolean uncertain() {
            return oursScore.noisy() || peerScore.noisy() || overlap();
        }
    }

    /** The invocation of each benchmark as annotated (JMH's {@code jmh-result.json}). */
    static final String AS_ANNOTATED = "jmh-result.json";
    /** The scaling invocations at a thread count each. */
    static final String SCALING_FILES = "jmh-result-threads-\\d+\\.json";

    /** Results of the as-annotated invocation, by benchmark. */
    private final Map<String, Score> annotated = new LinkedHashMap<>();
    /** Every result, the scaling ones included, by benchmark and ascending thread count. */
    private final Map<String, List<Score>> byBenchmark = new LinkedHashMap<>();

    BenchResults(List<Score> asAnnotated, List<Score> scaling) {
        asAnnotated.forEach(s -> annotated.put(s.benchmark(), s));
        for (List<Score> l : List.of(asAnnotated, scaling)) {
            l.forEach(s -> byBenchmark.computeIfAbsent(s.benchmark(), k -> new ArrayList<>()).add(s));
        }
        byBenchmark.values().forEach(l -> l.sort(Comparator.comparingInt(Score::threads)));
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@link #AS_ANNOTATED} and the scaling files in the report folder (the command clears old ones first). */
    static BenchResults read(Path dir) throws IOException {
        List<Score> scaling = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches(SCALING_FILES)).sorted().toList()) {
                scaling.addAll(parse(JSON.readTree(f.toFile())));
            }
        }
        Path main = dir.resolve(AS_ANNOTATED);
        return new BenchResults(Files.exists(main) ? parse(JSON.readTree(main.toFile())) : List.of(), scaling);
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

    /** The benchmark's result as annotated (one thread, or its group), if that invocation gave one. */
    Optional<Score> single(String benchmark) {
        return Optional.ofNullable(annotated.get(benchmark));
    }

    Optional<Score> at(String benchmark, int threads) {
        return byBenchmark.getOrDefault(benchmark, List.of()).stream().filter(s -> s.threads() == threads).findFirst();
    }

    /** Ours against the fastest peer on the path, if ours and a peer gave usable results. */
    Optional<Comparison> compare(BenchCatalog.Path path, java.util.Set<String> planned) {
        Score ours = null;
        BenchCatalog.Entry best = null;
        Score bestScore = null;
        int missing = 0;
        for (BenchCatalog.Entry e : path.entries()) {
            Optional<Score> s = single(e.benchmark()).filter(Score::usable);
            if (e.subject().kind() == BenchCatalog.Kind.OURS) {
                ours = s.orElse(null);
            } else if (e.subject().kind() == BenchCatalog.Kind.PEER) {
                if (s.isEmpty()) {
                    missing += planned.contains(e.id()) ? 1 : 0;
                } else if (bestScore == null || s.get().score() < bestScore.score()) {
                    best = e;
                    bestScore = s.get();
                }
            }
        }
        return ours == null || best == null ? Optional.empty()
                : Optional.of(new Comparison(ours, best, bestScore, missing));
    }
}
