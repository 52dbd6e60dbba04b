package skbstress.api;

import java.util.List;
import java.util.Locale;

/**
 * What an implementation found alive or wrong at quiescence: every object still live, by kind and handle,
 * with where and on which thread it was allocated and its last lifecycle events when it was tracked
 * ({@link LeakLevel}); counters that disagree with the caches; and the misuse it saw on the way (warnings
 * with their stacks, poison found overwritten). {@link #isEmpty()} when nothing is alive and nothing was
 * wrong. {@link #text()} is for people, {@link #json()} for the job's report; both carry the same facts.
 */
public record LeakReport(String level, List<Leak> leaks, List<String> problems, List<Misuse> misuses) {

    public LeakReport {
        leaks = List.copyOf(leaks);
        problems = List.copyOf(problems);
        misuses = List.copyOf(misuses);
    }

    /** The kinds of object an implementation owns, as a leak report names them. */
    public enum Kind {
        SKB("skb"), SHARED_INFO("shared info"), PAGE("page"), UBUF("ubuf"), DRIVER_BUFFER("driver buffer"),
        SKB_EXT("skb_ext"), PAGE_POOL("page pool"), CACHE_OBJECT("cache object");

        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** Where and when an object was allocated, or an event happened: a thread, a time and a site (may be empty). */
    public record Origin(String thread, long epochMillis, List<String> site) {
        public Origin {
            site = List.copyOf(site);
        }
    }

    /** One lifecycle event of a tracked object: what, on which thread, ms after its allocation, and where. */
    public record Event(String what, String thread, long afterMillis, List<String> site) {
        public Event {
            site = List.copyOf(site);
        }
    }

    /**
     * One live object. {@code state} is its counts in the implementation's words; {@code allocated} and
     * {@code history} are null and empty when the object was not tracked; {@code eventsDropped} counts the
     * older events its ring no longer holds.
     */
    public record Leak(Kind kind, long handle, String state, Origin allocated, List<Event> history,
                       long eventsDropped) {
        public Leak {
            history = List.copyOf(history);
        }
    }

    /**
     * Something that went wrong without a refusal to tell the caller: a warning (the kernel's WARN: the call went
     * ahead, and an object leaked) with the stack of the first call at its site, or poison found overwritten in a
     * freed object, with the bytes and its last owner's record. {@code object} is empty when none applies.
     */
    public record Misuse(String kind, String object, String message, List<String> site, Leak lastOwner) {
        public Misuse {
            site = List.copyOf(site);
        }
    }

    /**
     * The report a snapshot gives of any implementation (the model, a user's): every live object by kind and
     * handle, the caches' live counts and the warnings; no sites or histories, which only the implementation
     * that tracked its objects has ({@link SkbDiagnostics#leaks()}).
     */
    public static LeakReport of(Snapshot s, String level) {
        List<Leak> leaks = new java.util.ArrayList<>();
        java.util.Map<Long, Snapshot.Skb> shinfos = new java.util.TreeMap<>();
        for (Snapshot.Skb k : s.skbs().values()) {
            leaks.add(untracked(Kind.SKB, k.handle(), "users=" + k.users() + " len=" + k.len()));
            shinfos.putIfAbsent(k.shinfo(), k);
        }
        for (Snapshot.Skb k : shinfos.values()) {
            leaks.add(untracked(Kind.SHARED_INFO, k.shinfo(), "dataref=" + DatarefWord.describe(k.dataref())
                    + " head=" + k.headKind()));
        }
        s.pages().values().forEach(p -> leaks.add(untracked(Kind.PAGE, p.handle(), "refcount=" + p.refcount())));
        s.ubufs().values().forEach(u -> leaks.add(untracked(Kind.UBUF, u.handle(), "refcnt=" + u.refcount())));
        s.driverBuffers().values().forEach(b -> leaks.add(untracked(Kind.DRIVER_BUFFER, b.handle(), "refcount="
                + b.refcount())));
        s.objects().values().forEach(o -> leaks.add(untracked(Kind.CACHE_OBJECT, o.handle(), "cache " + o.cache())));
        s.exts().values().forEach(e -> leaks.add(untracked(Kind.SKB_EXT, e.handle(), "refcnt=" + e.refcnt())));
        s.pools().values().forEach(p -> leaks.add(untracked(Kind.PAGE_POOL, p.handle(), "in_flight=" + p.inFlight())));
        List<String> problems = new java.util.ArrayList<>();
        StringBuilder perCache = new StringBuilder();
        for (Snapshot.Cache c : s.caches()) {
            if (c.live() != 0) {
                perCache.append(perCache.length() == 0 ? "" : ", ").append(c.name()).append(' ').append(c.live());
            }
        }
        if (perCache.length() != 0) {
            problems.add("live per cache: " + perCache);
        }
        if (s.warningCount() != 0) {
            problems.add(s.warningCount() + " warnings: " + s.warnings());
        }
        return new LeakReport(level, leaks, problems, List.of());
    }

    private static Leak untracked(Kind kind, long handle, String state) {
        return new Leak(kind, handle, state, null, List.of(), 0);
    }

    /** This report without the warnings (for a run that provokes them on purpose, e.g. saturating a counter). */
    public LeakReport withoutWarnings() {
        return new LeakReport(level, leaks, problems.stream().filter(p -> !p.matches("\\d+ warnings: .*")).toList(),
                misuses.stream().filter(m -> !m.kind().startsWith(WARNING)).toList());
    }

    /** The kind of a warning's misuse report, followed by its code. */
    public static final String WARNING = "WARNING ";
    /** The kind of a write after free's misuse report (found in a freed object's poison). */
    public static final String POISON = "POISON OVERWRITTEN";

    /** Whether nothing is live and nothing went wrong but writes after free (for checks that count those). */
    public boolean emptyButPoison() {
        return leaks.isEmpty() && problems.isEmpty() && misuses.stream().allMatch(m -> m.kind().equals(POISON));
    }

    public boolean isEmpty() {
        return leaks.isEmpty() && problems.isEmpty() && misuses.isEmpty();
    }

    /** The report for people: what leaked and what to look at, one object per paragraph. */
    public String text() {
        if (isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        if (!leaks.isEmpty()) {
            sb.append(leaks.size()).append(leaks.size() == 1 ? " object" : " objects").append(" still live (leak "
                    + "detection ").append(level).append(")");
            if (leaks.stream().allMatch(l -> l.allocated() == null) && !level.equals(LeakLevel.PARANOID.label())) {
                sb.append("; run with -D").append(LeakLevel.PROPERTY).append("=paranoid (skbstress run "
                        + "--leak-detection paranoid) to see where each was allocated and what happened to it");
            }
            sb.append(":\n");
            for (Leak l : leaks) {
                leak(sb, "  ", l);
            }
        }
        for (String p : problems) {
            sb.append(p).append('\n');
        }
        for (Misuse m : misuses) {
            sb.append(m.kind()).append(m.object().isEmpty() ? "" : " of " + m.object()).append(": ")
                    .append(m.message()).append('\n');
            frames(sb, "    ", m.site());
            if (m.lastOwner() != null) {
                sb.append("  its last owner:\n");
                leak(sb, "    ", m.lastOwner());
            }
        }
        return sb.toString();
    }

    /** One object's entry as {@link #text()} shows it, each line indented by {@code indent}. */
    public static String text(Leak l, String indent) {
        StringBuilder sb = new StringBuilder();
        leak(sb, indent, l);
        return sb.toString();
    }

    private static void leak(StringBuilder sb, String in, Leak l) {
        sb.append(in).append(l.kind().label).append(' ').append(Long.toHexString(l.handle()));
        if (!l.state().isEmpty()) {
            sb.append(' ').append(l.state());
        }
        sb.append('\n');
        if (l.allocated() == null) {
            return;
        }
        sb.append(in).append("  allocated on thread ").append(l.allocated().thread()).append(" at ")
                .append(java.time.Instant.ofEpochMilli(l.allocated().epochMillis())).append(":\n");
        frames(sb, in + "    ", l.allocated().site());
        if (!l.history().isEmpty()) {
            sb.append(in).append("  history").append(l.eventsDropped() == 0 ? "" : " (the last " + l.history().size()
                    + "; " + l.eventsDropped() + " older events dropped)").append(":\n");
            for (Event e : l.history()) { // each event with its caller's line (paranoid); json() has every frame
                sb.append(in).append(String.format(Locale.ROOT, "    +%d ms %s on %s%s%n", e.afterMillis(), e.what(),
                        e.thread(), e.site().isEmpty() ? "" : " at " + e.site().get(0)));
            }
        }
    }

    private static void frames(StringBuilder sb, String in, List<String> site) {
        for (String f : site) {
            sb.append(in).append("at ").append(f).append('\n');
        }
    }

    @Override
    public String toString() {
        return isEmpty() ? "no leaks" : text();
    }

    /** The same facts as JSON (one object: level, leaks, problems, misuses). */
    public String json() {
        StringBuilder sb = new StringBuilder("{\"level\":").append(q(level)).append(",\"leaks\":[");
        for (int i = 0; i < leaks.size(); i++) {
            sb.append(i == 0 ? "" : ",");
            leakJson(sb, leaks.get(i));
        }
        sb.append("],\"problems\":[");
        for (int i = 0; i < problems.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(q(problems.get(i)));
        }
        sb.append("],\"misuses\":[");
        for (int i = 0; i < misuses.size(); i++) {
            Misuse m = misuses.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"kind\":").append(q(m.kind())).append(",\"object\":")
                    .append(q(m.object())).append(",\"message\":").append(q(m.message())).append(",\"site\":");
            strings(sb, m.site());
            sb.append(",\"lastOwner\":");
            if (m.lastOwner() == null) {
                sb.append("null");
            } else {
                leakJson(sb, m.lastOwner());
            }
            sb.append('}');
        }
        return sb.append("]}").toString();
    }

    private static void leakJson(StringBuilder sb, Leak l) {
        sb.append("{\"kind\":").append(q(l.kind().label)).append(",\"handle\":").append(q(Long.toHexString(l.handle())))
                .append(",\"state\":").append(q(l.state())).append(",\"allocated\":");
        if (l.allocated() == null) {
            sb.append("null");
        } else {
            sb.append("{\"thread\":").append(q(l.allocated().thread())).append(",\"epochMillis\":")
                    .append(l.allocated().epochMillis()).append(",\"site\":");
            strings(sb, l.allocated().site());
            sb.append('}');
        }
        sb.append(",\"history\":[");
        for (int i = 0; i < l.history().size(); i++) {
            Event e = l.history().get(i);
            sb.append(i == 0 ? "" : ",").append("{\"what\":").append(q(e.what())).append(",\"thread\":")
                    .append(q(e.thread())).append(",\"afterMillis\":").append(e.afterMillis()).append(",\"site\":");
            strings(sb, e.site());
            sb.append('}');
        }
        sb.append("],\"eventsDropped\":").append(l.eventsDropped()).append('}');
    }

    private static void strings(StringBuilder sb, List<String> list) {
        sb.append('[');
        for (int i = 0; i < list.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(q(list.get(i)));
        }
        sb.append(']');
    }

    /** A JSON string literal. */
    static String q(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
