package skbstress.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * The run's JFR recording (run --jfr FILE): the JDK's default events (GC, threads, CPU, at about 1% cost) and
 * every skbstress.* event, in this JVM (the Lincheck runs and the soaks; jcstress's forked JVMs record nothing).
 * Written to the file when it is closed, and by JFR at the JVM's exit if the run is cut short (Ctrl-C).
 */
final class JfrRecording implements AutoCloseable {
    /** The implementation's events (skbstress.impl.JfrEvents and the slab's depot retries). */
    static final List<String> EVENTS = List.of("skbstress.Alloc", "skbstress.Free", "skbstress.Clone",
            "skbstress.HandOff", "skbstress.Completion", "skbstress.Saturation", "skbstress.DepotCasRetry");
    /** The one rare event whose stack is worth its cost: the others come by the million in a soak. */
    static final String WITH_STACK = "skbstress.Saturation";

    /**
     * What the file keeps at most: the run's last gigabyte (JFR drops the oldest chunks). The implementation's
     * events come at 10 to 15 MB a second of soak on 2 cores (500 MB for a 40 s soak), so a full profile's hour would not fit on disk.
     */
    static final long MAX_BYTES = 1L << 30;

    private final Recording recording;
    private final Path file;

    private JfrRecording(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    static JfrRecording start(Path file) throws IOException {
        Configuration defaults;
        try {
            defaults = Configuration.getConfiguration("default");
        } catch (ParseException e) {
            throw new IOException("the JDK's default JFR configuration does not parse", e);
        }
        Recording r = new Recording(defaults);
        r.setName("skbstress run");
        for (String e : EVENTS) {
            if (e.equals(WITH_STACK)) {
                r.enable(e).withStackTrace();
            } else {
                r.enable(e).withoutStackTrace();
            }
        }
        r.setToDisk(true);
        r.setMaxSize(MAX_BYTES);
        r.setDestination(file); // stopping writes it here
        r.setDumpOnExit(true);
        r.start();
        return new JfrRecording(r, file);
    }

    Path file() {
        return file;
    }

    /** Stops the recording, which writes the file. */
    @Override
    public void close() {
        try {
            recording.stop();
        } finally {
            recording.close();
        }
    }
}
