package skbstress.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads the invariant ids that {@code specs/} defines, and finds the repository's source files. */
public final class SpecIds {
    private SpecIds() {}

    /**
     * An invariant id (I-: the model checks it), an implementation property id (P-: tests check it) or an
     * external conformance case (C-: a test re-creates another project's expectation).
     */
    public static final Pattern ID = Pattern.compile("\\b[IPC]-[A-Z]+-\\d+\\b");
    private static final Pattern HEADING = Pattern.compile("(?m)^### ([IP]-[A-Z]+-\\d+)\\s*$");
    /** A conformance case is defined by the first cell of a row of a table in specs/ (conformance.md). */
    private static final Pattern CASE_ROW = Pattern.compile("(?m)^\\| (C-[A-Z]+-\\d+) \\|");

    /** The repository root: the nearest ancestor of the working directory that has {@code specs/}. */
    public static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("specs"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no specs/ above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** The invariants only (I- ids): the rules the model states and InvariantChecker checks. */
    public static Set<String> invariants() {
        Set<String> ids = new LinkedHashSet<>(defined());
        ids.removeIf(id -> !id.startsWith("I-"));
        return ids;
    }

    /**
     * Every id defined by a {@code ### I-...} or {@code ### P-...} heading or by a table row that starts
     * {@code | C-...}, in file order; duplicates are an error.
     */
    public static Set<String> defined() {
        Set<String> ids = new LinkedHashSet<>();
        for (Path f : files(root().resolve("specs"), ".md")) {
            List<String> here = new ArrayList<>(definedIn(f));
            Matcher rows = CASE_ROW.matcher(read(f));
            while (rows.find()) {
                here.add(rows.group(1));
            }
            for (String id : here) {
                if (!ids.add(id)) {
                    throw new IllegalStateException("id " + id + " defined twice (" + f + ")");
                }
            }
        }
        return ids;
    }

    /** The external conformance cases only (C- ids). */
    public static Set<String> conformanceCases() {
        Set<String> ids = new LinkedHashSet<>(defined());
        ids.removeIf(id -> !id.startsWith("C-"));
        return ids;
    }

    /** The ids that one spec file's {@code ### I-...} and {@code ### P-...} headings define, in order. */
    public static List<String> definedIn(Path spec) {
        List<String> ids = new ArrayList<>();
        Matcher m = HEADING.matcher(read(spec));
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    public static Set<String> idsIn(Path file) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = ID.matcher(read(file));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    public static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The contract suite, a library of tests that users run against their own implementations: main sources
     * of the stress module, and tests all the same.
     */
    static final Path CONTRACT_LIBRARY = Path.of("stress/src/main/java/skbstress/contract");

    /**
     * Source folders of every module ({@code <module>/src/<kind>/java}); for {@code test}, also the contract
     * library ({@link #CONTRACT_LIBRARY}).
     */
    public static List<Path> sourceDirs(String kind) {
        List<Path> out = new ArrayList<>();
        if (kind.equals("test") && Files.isDirectory(root().resolve(CONTRACT_LIBRARY))) {
            out.add(root().resolve(CONTRACT_LIBRARY));
        }
        try (Stream<Path> s = Files.list(root())) {
            for (Path module : s.sorted().toList()) {
                Path dir = module.resolve("src").resolve(kind).resolve("java");
                if (Files.isDirectory(dir)) {
                    out.add(dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
