package skbstress.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import skbstress.api.LeakLevel;
import skbstress.impl.SkbImpl;

/**
 * A run's diagnostics (run --leak-detection, --poison, --jfr). Each is a system property that every SkbImpl reads
 * when it is made, so it is set in this JVM before the first test (for the Lincheck runs and the soaks) and given
 * as a -D option to the JVMs jcstress forks (for the races): the whole run uses the same settings.
 *
 * @param jfr where the run's JFR recording is written, or null for none
 */
record Diagnostics(LeakLevel level, boolean poison, Path jfr) {
    static final Diagnostics NONE = new Diagnostics(LeakLevel.OFF, false, null);

    boolean any() {
        return !equals(NONE);
    }

    /**
     * Refuses what would only fail later: a sampling interval that is not a number (the first SkbImpl would
     * throw), and a JFR file whose folder cannot be written (the recording would be lost at the run's end).
     */
    void check() {
        LeakLevel.interval();
        if (jfr != null) {
            requireWritableFile(jfr);
        }
    }

    /** The properties, by name, that this run sets; nothing for what is left off. */
    Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        if (level != LeakLevel.OFF) {
            p.put(LeakLevel.PROPERTY, level.label());
            String interval = System.getProperty(LeakLevel.INTERVAL_PROPERTY);
            if (level == LeakLevel.SAMPLED && interval != null && !interval.isEmpty()) {
                p.put(LeakLevel.INTERVAL_PROPERTY, interval.trim()); // the forks sample as this JVM does
            }
        }
        if (poison) {
            p.put(SkbImpl.POISON_PROPERTY, "true");
        }
        if (jfr != null) {
            p.put(SkbImpl.JFR_PROPERTY, "true");
        }
        return p;
    }

    /** The -D options for jcstress's forked JVMs; none when everything is off (their command lines stay as before). */
    List<String> jvmArgs() {
        List<String> out = new ArrayList<>();
        properties().forEach((k, v) -> out.add("-D" + k + "=" + v));
        return out;
    }

    /** The plan's and the report's words for them. */
    String describe() {
        if (!any()) {
            return "off";
        }
        List<String> parts = new ArrayList<>();
        parts.add("leak detection " + level.label() + (level == LeakLevel.SAMPLED ? " (1 in "
                + LeakLevel.interval() + ")" : ""));
        if (poison) {
            parts.add("poisoning");
        }
        if (jfr != null) {
            parts.add("JFR recording to " + jfr.toAbsolutePath().normalize());
        }
        return String.join(", ", parts);
    }

    /**
     * Sets the properties in this JVM (the leak level always: off too, so that the run is what its command
     * says); closing puts back what was there before, for a run inside a longer-lived JVM (the tests).
     */
    Applied apply() {
        Map<String, String> set = new LinkedHashMap<>();
        set.put(LeakLevel.PROPERTY, level.label());
        set.put(SkbImpl.POISON_PROPERTY, String.valueOf(poison));
        set.put(SkbImpl.JFR_PROPERTY, String.valueOf(jfr != null));
        Map<String, String> before = new LinkedHashMap<>();
        set.forEach((k, v) -> {
            before.put(k, System.getProperty(k));
            System.setProperty(k, v);
        });
        return new Applied(before);
    }

    /** Puts the properties back when closed. */
    static final class Applied implements AutoCloseable {
        private final Map<String, String> before;

        private Applied(Map<String, String> before) {
            this.before = before;
        }

        @Override
        public void close() {
            before.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }

    /** Creates the file's folder and writes a probe file into it, so that a bad place fails now, not at the end. */
    static void requireWritableFile(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            throw new IllegalArgumentException("--jfr " + file + " is a folder: name the recording's file");
        }
        try {
            Path dir = abs.getParent();
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".jfr-write-check", ""));
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("cannot write the JFR recording to " + abs + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    /** --leak-detection's values, in any case; anything else is refused naming the four. */
    static final class LevelConverter implements CommandLine.ITypeConverter<LeakLevel> {
        @Override
        public LeakLevel convert(String text) {
            try {
                return LeakLevel.parse(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** The four levels in lower case, for the help's completion candidates. */
    static final class Levels implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(LeakLevel.values()).map(LeakLevel::label).iterator();
        }
    }
}
