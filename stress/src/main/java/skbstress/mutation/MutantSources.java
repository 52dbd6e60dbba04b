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
 * applying when the implementation changes. Run with the source launcher (java MutantSources.java
 * IMPL_SOURCES MUTANTS OUT) from the build.
 */
public final class MutantSources {
    private MutantSources() {}

    record Hunk(String file, String original, String replacement) {}

    record Mutant(String id, String about, List<Hunk> hunks) {
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
            Map<String, String> mutated = new TreeMap<>(sources);
            for (Hunk h : m.hunks()) {
                String text = mutated.get(h.file());
                if (text == null) {
                    throw new IllegalStateException(m.id() + ": no implementation source " + h.file());
                }
                int at = text.indexOf(h.original());
                if (at < 0 || text.indexOf(h.original(), at + 1) >= 0) {
                    throw new IllegalStateException(m.id() + ": the original lines of a hunk in " + h.file()
                            + (at < 0 ? " are not in it (the implementation changed: update the mutant)"
                            : " occur more than once") + ":\n" + h.original());
                }
                mutated.put(h.file(), text.substring(0, at) + h.replacement()
                        + text.substring(at + h.original().length()));
            }
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
        String id = null;
        String about = "";
        String file = null;
        List<Hunk> hunks = new ArrayList<>();
        List<String> lines = Files.readAllLines(f);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("mutant:")) {
                id = line.substring(7).trim();
            } else if (line.startsWith("about:")) {
                about = line.substring(6).trim();
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
                hunks.add(new Hunk(file, original.toString(), replacement.toString()));
            } else if (!line.isBlank() && !line.startsWith("#")) {
                throw new IllegalStateException(f + ":" + (i + 1) + ": unexpected line: " + line);
            }
        }
        if (id == null || !id.matches("[a-z][a-z0-9-]*") || hunks.isEmpty()) {
            throw new IllegalStateException(f + ": needs 'mutant: <id>' (lowercase, digits, '-') and at least one hunk");
        }
        return new Mutant(id, about, hunks);
    }
}
