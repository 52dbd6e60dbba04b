package skbstress.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skbstress.api.ErrorCode;
import skbstress.api.LeakLevel;
import skbstress.api.LeakReport;
import skbstress.api.SkbConfig;
import skbstress.api.SkbException;
import skbstress.impl.slab.Magazine;

/** The tracker's decisions and records: who is tracked at each level, the ring, hand-offs, and the JFR events. */
class TrackerTest {

    @Test
    void sampledTracksAboutOneObjectInTheIntervalParanoidAllOffAndCountsNone() {
        Tracker sampled = new Tracker(LeakLevel.SAMPLED, 8, false);
        int tracked = 0;
        for (int k = 0; k < 8000; k++) {
            tracked += sampled.start(LeakReport.Kind.SKB, k) != null ? 1 : 0;
        }
        assertThat(tracked).as("1 in 8 of 8000, chosen at random").isBetween(800, 1200);
        Tracker paranoid = new Tracker(LeakLevel.PARANOID, 8, false);
        Tracker counts = new Tracker(LeakLevel.COUNTS, 8, false);
        Tracker off = new Tracker(LeakLevel.OFF, 8, false);
        for (int k = 0; k < 100; k++) {
            assertThat(paranoid.start(LeakReport.Kind.PAGE, k)).isNotNull();
            assertThat(counts.start(LeakReport.Kind.PAGE, k)).isNull();
            assertThat(off.start(LeakReport.Kind.PAGE, k)).isNull();
        }
        assertThat(counts.count(TrackEvent.ALLOC)).isEqualTo(100);
        assertThat(paranoid.count(TrackEvent.ALLOC)).isEqualTo(100);
        assertThat(off.count(TrackEvent.ALLOC)).as("off counts nothing").isZero();
        assertThat(off.active).as("off with no JFR events: the hooks are skipped").isFalse();
        assertThat(sampled.count(TrackEvent.ALLOC)).as("sampled keeps no counts: they would cost every object")
                .isZero();
    }

    @Test
    void theRingKeepsTheLastSixteenEventsAndCountsTheRest() {
        SkbImpl ops = new SkbImpl(SkbConfig.UNBOUNDED, false, Magazine.CAPACITY, LeakLevel.PARANOID);
        long skb = ops.allocSkb(100, false);
        for (int k = 0; k < 10; k++) {
            ops.get(skb);
            ops.free(skb);
        }
        LeakReport.Leak l = ops.leaks().leaks().get(0);
        assertThat(l.kind()).isEqualTo(LeakReport.Kind.SKB);
        assertThat(l.history()).hasSize(Track.RING);
        assertThat(l.eventsDropped()).as("21 events: the allocation, 10 gets, 10 puts").isEqualTo(5);
        assertThat(l.history().get(Track.RING - 1).what()).isEqualTo("reference dropped");
        assertThat(l.history().get(Track.RING - 2).what()).isEqualTo("reference taken");
        ops.free(skb);
        assertThat(ops.leaks().isEmpty()).isTrue();
    }

    @Test
    void anEventOnAnotherThreadIsRecordedAsAHandOffWithThatThreadsName() throws InterruptedException {
        SkbImpl ops = new SkbImpl(SkbConfig.UNBOUNDED, LeakLevel.PARANOID);
        long skb = ops.allocSkb(100, false);
        Thread rx = new Thread(() -> ops.get(skb), "rx-softirq");
        rx.start();
        rx.join();
        List<LeakReport.Event> history = ops.leaks().leaks().get(0).history();
        assertThat(history).extracting(LeakReport.Event::what).containsExactly("allocated",
                "handed to another thread", "reference taken");
        assertThat(history.get(1).thread()).isEqualTo("rx-softirq");
        assertThat(history.get(2).thread()).isEqualTo("rx-softirq");
        ops.free(skb);
        ops.free(skb);
        assertThat(ops.leaks().isEmpty()).isTrue();
    }

    @Test
    void aStaleHandleOfAnUntrackedObjectSaysWhyThereIsNoSite() {
        SkbImpl ops = new SkbImpl(SkbConfig.UNBOUNDED, LeakLevel.COUNTS);
        long page = ops.allocPage();
        ops.putPage(page);
        SkbException e = catchThrowableOfType(SkbException.class, () -> ops.getPage(page));
        assertThat(e.code()).isEqualTo(ErrorCode.USE_AFTER_FREE);
        assertThat(e.getMessage()).contains("leak detection is counts: run with -Dskbstress.leakDetection=paranoid");
        assertThat(ops.leaks().isEmpty()).as("counts alone are no leak").isTrue();
    }

    @Test
    void jfrEventsAreRecordedWhenTurnedOn(@TempDir Path dir) throws Exception {
        String before = System.getProperty(SkbImpl.JFR_PROPERTY);
        System.setProperty(SkbImpl.JFR_PROPERTY, "true");
        SkbImpl ops;
        try {
            ops = new SkbImpl(SkbConfig.UNBOUNDED, LeakLevel.OFF);
        } finally {
            if (before == null) {
                System.clearProperty(SkbImpl.JFR_PROPERTY);
            } else {
                System.setProperty(SkbImpl.JFR_PROPERTY, before);
            }
        }
        Path file = dir.resolve("run.jfr");
        try (Recording r = new Recording()) {
            for (String e : List.of("Alloc", "Free", "Clone", "Saturation")) {
                r.enable("skbstress." + e);
            }
            r.start();
            long skb = ops.allocSkb(100, false);
            ops.free(ops.clone(skb));
            ops.getMany(skb, Integer.MAX_VALUE); // saturates: a warning
            r.stop();
            r.dump(file);
        }
        List<String> names = RecordingFile.readAllEvents(file).stream().map(RecordedEvent::getEventType)
                .map(t -> t.getName()).toList();
        assertThat(names).contains("skbstress.Alloc", "skbstress.Free", "skbstress.Clone", "skbstress.Saturation");
        assertThat(names.stream().filter("skbstress.Alloc"::equals).count()).as("the skb and its clone")
                .isEqualTo(2);
        assertThat(Files.size(file)).isPositive();
    }
}
