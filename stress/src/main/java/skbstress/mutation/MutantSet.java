package skbstress.mutation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import skbstress.mutation.MutantSources.Mutant;

/**
 * What {@code skbstress mutants} mutates and with what: the implementation's sources and the written
 * mutants, as the build packed them into the jar ({@code skbstress-mutation/}), so that the mutants are
 * always of exactly the implementation the jar's tests were built with; and the operators' mutants of
 * those sources.
 */
public final class MutantSet {
    /** Where a mutant comes from: a canary (stress/src/mutants), the kernel's bug catalog, or an operator. */
    public enum Kind { CANARY, KERNEL, OPERATOR }

    static final String ROOT = "skbstress-mutation";

    final Map<String, String> sources;
    final List<Mutant> written;

    private MutantSet(Map<String, String> sources, List<Mutant> written) {
        this.sources = sources;
        this.written = written;
    }

    /** A mutant's change as a readable diff against the sources it mutates, with line numbers. */
    public String diff(Mutant m) {
        return MutantSources.diff(sources, m);
    }

    /** The set the jar (or the development class path) carries. */
    public static MutantSet load() {
        Map<String, String> sources = new TreeMap<>();
        List<Mutant> written = new ArrayList<>();
        walk(ROOT + "/impl-src", (rel, text) -> {
            if (rel.endsWith(".java")) {
                sources.put(rel, text);
            }
        });
        walk(ROOT + "/mutants", (rel, text) -> {
            if (rel.endsWith(".mutant")) {
                written.add(MutantSources.parse(rel, text.lines().toList()));
            }
        });
        if (sources.isEmpty() || written.isEmpty()) {
            throw new IllegalStateException("the implementation's sources or the mutants are not on the class path ("
                    + ROOT + "/): build the jar with ./mvnw package");
        }
        return new MutantSet(sources, written);
    }

    /** Every mutant: the written ones (canaries, then the kernel's), then the operators', each with its kind. */
    public List<Mutant> all() {
        List<Mutant> out = new ArrayList<>(written);
        out.sort(java.util.Comparator.comparing((Mutant m) -> kind(m)).thenComparing(Mutant::id));
        out.addAll(Operators.all(sources));
        return out;
    }

    public static Kind kind(Mutant m) {
        return !m.operator().isEmpty() ? Kind.OPERATOR : !m.bug().isEmpty() ? Kind.KERNEL : Kind.CANARY;
    }

    interface Visitor {
        void file(String relative, String text) throws IOException;
    }

    /** Visits every file under a class-path folder, in a jar or a directory. */
    private static void walk(String folder, Visitor v) {
        URL url = MutantSet.class.getClassLoader().getResource(folder);
        if (url == null) {
            return;
        }
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                visit(fs.getPath(folder), v);
            } else {
                visit(Path.of(uri), v);
            }
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot read " + folder + " from " + url, e);
        }
    }

    private static void visit(Path root, Visitor v) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                try {
                    v.file(root.relativize(f).toString().replace('\\', '/'), Files.readString(f));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
