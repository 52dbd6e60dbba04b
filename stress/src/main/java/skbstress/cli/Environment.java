package skbstress.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Where a run ran, so that it can be run again: the JVM, the OS, the CPUs, the project's commit and the
 * versions of the project and its tools. Anything that cannot be found is "unknown"; finding it never
 * fails a run.
 *
 * @param gitCommit {@code git rev-parse HEAD} in the working folder, with "+changes" when files differ from it
 * @param diagnostics the run's leak detection, poisoning and JFR recording ({@link Diagnostics#describe()}); null
 *     in a summary from before schema 4
 */
record Environment(String javaVersion, String javaVendor, String javaVm, List<String> jvmArguments, String os,
                   int cpus, String gitCommit, String skbstressVersion, String jcstressVersion,
                   String lincheckVersion, String diagnostics) {
    static final String UNKNOWN = "unknown";

    static Environment probe() {
        return new Environment(System.getProperty("java.version"), System.getProperty("java.vendor"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
                ManagementFactory.getRuntimeMXBean().getInputArguments(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), gitCommit(Path.of("").toAbsolutePath()),
                version(Main.class, "Implementation-Version"),
                version(org.openjdk.jcstress.Main.class, "Jcstress-Version"),
                version(org.jetbrains.lincheck.Lincheck.class, "Lincheck-Version"), Diagnostics.NONE.describe());
    }

    /** This environment with the run's diagnostics (its options set them in this JVM after it started). */
    Environment withDiagnostics(Diagnostics d) {
        return new Environment(javaVersion, javaVendor, javaVm, jvmArguments, os, cpus, gitCommit, skbstressVersion,
                jcstressVersion, lincheckVersion, d.describe());
    }

    /** The lines of the report's header, in order. */
    Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("java", javaVersion + " (" + javaVendor + ", " + javaVm + ")");
        m.put("jvm arguments", String.join(" ", jvmArguments == null ? List.of() : jvmArguments));
        m.put("os", os);
        m.put("cpus", String.valueOf(cpus));
        m.put("git commit", gitCommit);
        m.put("skbstress", skbstressVersion);
        m.put("jcstress", jcstressVersion);
        m.put("lincheck", lincheckVersion);
        if (diagnostics != null) {
            m.put("diagnostics", diagnostics);
        }
        return m;
    }

    /** The commit checked out where the job runs, if this is a git work tree and git is installed. */
    static String gitCommit(Path dir) {
        Path d = dir;
        while (d != null && !Files.exists(d.resolve(".git"))) {
            d = d.getParent();
        }
        if (d == null) {
            return UNKNOWN;
        }
        String head = git(d, "rev-parse", "HEAD");
        if (head == null || !head.matches("[0-9a-f]{40}")) {
            return UNKNOWN;
        }
        String changes = git(d, "status", "--porcelain", "--untracked-files=no");
        return changes == null || changes.isEmpty() ? head : head + "+changes";
    }

    private static String git(Path dir, String... args) {
        try {
            List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes(); // a few lines at most
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null; // no git here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * A library's version from the manifest of the jar it was loaded from: in the job's shaded jar (where
     * every class comes from one jar) the entry {@code attribute} that the build writes there; on a plain
     * class path the library's own jar's Implementation-Version.
     */
    static String version(Class<?> of, String attribute) {
        try {
            URL where = of.getProtectionDomain().getCodeSource().getLocation();
            Path p = Path.of(where.toURI());
            if (!Files.isRegularFile(p)) {
                return UNKNOWN + " (development build)"; // classes in a folder carry no manifest
            }
            boolean shaded = where.equals(Main.class.getProtectionDomain().getCodeSource().getLocation());
            try (JarFile jar = new JarFile(p.toFile())) {
                Manifest m = jar.getManifest();
                String v = m == null ? null
                        : m.getMainAttributes().getValue(shaded ? attribute : "Implementation-Version");
                return v == null ? UNKNOWN : v;
            }
        } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
            return UNKNOWN;
        }
    }
}
