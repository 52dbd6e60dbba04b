package skbstress.impl;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import skbstress.api.LeakReport;

/**
 * The implementation's JFR events, all named {@code skbstress.*}. Sent only by an instance made with JFR events on
 * ({@code -Dskbstress.jfr=true}, which {@code skbstress run --jfr FILE} sets), so an instance without them pays one
 * branch on a final field; with them, each event costs what JFR charges while no recording wants it.
 */
final class JfrEvents {
    private JfrEvents() {}

    /** The system property that turns the events on for every instance a JVM makes. */
    static final String PROPERTY = "skbstress.jfr";

    @Name("skbstress.Alloc") @Label("Object allocated") @Category("skbstress")
    static final class Alloc extends Event {
        @Label("Kind") String kind;
        @Label("Handle") String handle;
    }

    @Name("skbstress.Free") @Label("Object released") @Category("skbstress")
    static final class Free extends Event {
        @Label("Kind") String kind;
        @Label("Handle") String handle;
    }

    @Name("skbstress.Clone") @Label("skb cloned") @Category("skbstress")
    static final class Clone extends Event {
        @Label("Original") String handle;
    }

    @Name("skbstress.HandOff") @Label("Object handed to another thread") @Category("skbstress")
    @Description("A tracked object's event on a thread other than its last event's (needs leak detection sampled "
            + "or paranoid)")
    static final class HandOff extends Event {
        @Label("Kind") String kind;
        @Label("Handle") String handle;
    }

    @Name("skbstress.Completion") @Label("ubuf completed") @Category("skbstress")
    static final class Completion extends Event {
        @Label("Ubuf") String handle;
    }

    @Name("skbstress.Saturation") @Label("Warning: counter saturated or object leaked") @Category("skbstress")
    static final class Saturation extends Event {
        @Label("Code") String code;
        @Label("Message") String message;
    }

    static void alloc(LeakReport.Kind kind, long handle) {
        Alloc e = new Alloc();
        if (e.shouldCommit()) {
            e.kind = kind.label;
            e.handle = Long.toHexString(handle);
            e.commit();
        }
    }

    static void free(LeakReport.Kind kind, long handle) {
        Free e = new Free();
        if (e.shouldCommit()) {
            e.kind = kind.label;
            e.handle = Long.toHexString(handle);
            e.commit();
        }
    }

    static void clone(long handle) {
        Clone e = new Clone();
        if (e.shouldCommit()) {
            e.handle = Long.toHexString(handle);
            e.commit();
        }
    }

    static void handOff(LeakReport.Kind kind, long handle) {
        HandOff e = new HandOff();
        if (e.shouldCommit()) {
            e.kind = kind.label;
            e.handle = Long.toHexString(handle);
            e.commit();
        }
    }

    static void completion(long handle) {
        Completion e = new Completion();
        if (e.shouldCommit()) {
            e.handle = Long.toHexString(handle);
            e.commit();
        }
    }

    static void saturation(String code, String message) {
        Saturation e = new Saturation();
        if (e.shouldCommit()) {
            e.code = code;
            e.message = message;
            e.commit();
        }
    }
}
