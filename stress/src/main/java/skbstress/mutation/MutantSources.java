package skbstress.mutation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes the sources of the broken variants (canaries) of the implementation: for each mutant file in
 * the mutants folder, a copy of every implementation source with the mutant's hunks applied, in package
 * {@code skbstress.mutant.<id>.impl}. A canary is thus the real implementation with one readable change,
 * and the implementation itself carries no switch for it.
 *
 * <p>Mutant file: {@code mutant: <id>} and {@code about: <text>} lines, then hunks:
 * <pre>
 * file: skbstress/impl/ImplHandles.java
 * <<<<
 * the exact original lines
 * ====
 * their replacement
 * >>>>
 * </pre>
 * Each original must occur exactly once in its file, or the build fails: a mutant never silently stops
 * applying when the implementation changes. An optional {@code bug: <id> <CVE>} line names the kernel bug
 * a mutant stands for (stress/src/mutants/kernel). Run with the source launcher (java MutantSources.java
 * IMPL_SOURCES MUTANTS OUT) from the build; {@code skbstress mutants} uses the same parser and
 * {@link #apply} at run time. Self-contained, so that the source launcher can run it alone.
 */
public final class MutantSources {
    private MutantSources() {}

    /**
     * One change: in {@code file} (relative to the sources' root), {@code original} becomes
     * {@code replacement}; at line {@code line} (1-based) when it is positive, else wherever the original
     * occurs, which must be exactly once.
     */
    public record Hunk(String file, int line, String original, String replacement) {}

    /**
     * A mutant: its id, what it changes, the kernel bug it stands for ("" if none), the operator that made
     * it ("" for a written one), and its hunks.
     */
    public record Mutant(String id, String about, String bug, String operator, List<Hunk> hunks) {
        String pkg() {
            return id.replace('-', '_');
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: MutantSources IMPL_SOURCES MUTANTS OUT");
        }
        Path impl = Path.of(args[0]);
        Path mutants = Path.of(args[1]);
        Path out = Path.of(args[2]);
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(impl)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                sources.put(impl.relativize(f).toString().replace('\\', '/'), Files.readString(f));
            }
        }
        List<Mutant> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(mutants)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".mutant")).sorted().toList()) {
                all.add(parse(f));
            }
        }
        java.util.Set<Path> written = new java.util.HashSet<>();
        for (Mutant m : all) {
            Map<String, String> mutated = apply(sources, m);
            String pkg = "skbstress.mutant." + m.pkg() + ".impl";
            for (Map.Entry<String, String> e : mutated.entrySet()) {
                Path target = out.resolve(e.getKey().replaceFirst("^skbstress/impl/",
                        "skbstress/mutant/" + m.pkg() + "/impl/"));
                Files.createDirectories(target.getParent());
                String text = "// GENERATED from impl/src/main/java by MutantSources: canary '" + m.id() + "' ("
                        + m.about() + "). Do not edit.\n" + e.getValue().replace("skbstress.impl", pkg);
                writeIfChanged(target, text);
                written.add(target.toAbsolutePath().normalize());
            }
        }
        if (Files.isDirectory(out)) { // a mutant or a source that went away leaves nothing behind
            try (Stream<Path> files = Files.walk(out)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    if (!written.contains(f.toAbsolutePath().normalize())) {
                        Files.delete(f);
                    }
                }
            }
        }
        System.out.println("MutantSources: " + all.size() + " canaries of " + sources.size() + " sources in " + out);
    }

    /** The sources with the mutant's hunks applied; an {@link IllegalStateException} when one does not apply. */
    public static Map<String, String> apply(Map<String, String> sources, Mutant m) {
        Map<String, String> mutated = new TreeMap<>(sources);
        for (Hunk h : m.hunks()) {
            String text = mutated.get(h.file());
            if (text == null) {
                throw new IllegalStateException(m.id() + ": no implementation source " + h.file());
            }
            int at = h.line() > 0 ? lineStart(text, h.line()) : text.indexOf(h.original());
            if (h.line() > 0 ? at < 0 || !text.startsWith(h.original(), at)
                    : at < 0 || text.indexOf(h.original(), at + 1) >= 0) {
                throw new IllegalStateException(m.id() + ": the original lines of a hunk in " + h.file()
                        + (at < 0 || h.line() > 0 ? " are not in it (the implementation changed: update the mutant)"
                        : " occur more than once") + ":\n" + h.original());
            }
            mutated.put(h.file(), text.substring(0, at) + h.replacement() + text.substring(at + h.original().length()));
        }
        return mutated;
    }

    /** The offset of line {@code line} (1-based), or -1. */
    static int lineStart(String text, int line) {
        int at = 0;
        for (int k = 1; k < line; k++) {
            at = text.indexOf('\n', at) + 1;
            if (at == 0) {
                return -1;
            }
        }
        return at;
    }

    /** The mutant as a readable diff: per hunk, its file and line, the original lines (-) and their replacement (+). */
    public static String diff(Map<String, String> sources, Mutant m) {
        StringBuilder sb = new StringBuilder();
        for (Hunk h : m.hunks()) {
            String text = sources.getOrDefault(h.file(), "");
            int at = h.line() > 0 ? lineStart(text, h.line()) : text.indexOf(h.original());
            int line = at < 0 ? 0 : (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
            sb.append("--- ").append(h.file()).append(':').append(line).append('\n');
            h.original().lines().forEach(l -> sb.append('-').append(l).append('\n'));
            h.replacement().lines().forEach(l -> sb.append('+').append(l).append('\n'));
        }
        return sb.toString();
    }

    private static void writeIfChanged(Path target, String text) {
        try {
            if (!Files.exists(target) || !Files.readString(target).equals(text)) {
                Files.writeString(target, text, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Mutant parse(Path f) throws IOException {
        return parse(f.toString(), Files.readAllLines(f));
    }

    /** A mutant file's text ({@code f} names it in errors). */
    public static Mutant parse(String f, List<String> lines) {
        String id = null;
        String about = "";
        String bug = "";
        String file = null;
        List<Hunk> hunks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("mutant:")) {
                id = line.substring(7).trim();
            } else if (line.startsWith("about:")) {
                about = line.substring(6).trim();
            } else if (line.startsWith("bug:")) {
                bug = line.substring(4).trim();
            } else if (line.startsWith("file:")) {
                file = line.substring(5).trim();
            } else if (line.equals("<<<<")) {
                StringBuilder original = new StringBuilder();
                StringBuilder replacement = new StringBuilder();
                StringBuilder into = original;
                for (i++; i < lines.size() && !lines.get(i).equals(">>>>"); i++) {
                    if (lines.get(i).equals("====")) {
                        into = replacement;
                        continue;
                    }
                    into.append(lines.get(i)).append('\n');
                }
                if (file == null || i == lines.size()) {
                    throw new IllegalStateException(f + ": a hunk needs a 'file:' line before it and '>>>>' after it");
                }
                hunks.add(new Hunk(file, 0, original.toString(), replacement.toString()));
            } else if (!line.isBlank() && !line.startsWith("#")) {
                throw new IllegalStateException(f + ":" + (i + 1) + ": unexpected line: " + line);
            }
        }
        if (id == null || !id.matches("[a-z][a-z0-9-]*") || hunks.isEmpty()) {
            throw new IllegalStateException(f + ": needs 'mutant: <id>' (lowercase, digits, '-') and at least one hunk");
        }
        return new Mutant(id, about, bug, "", hunks);
    }
}
