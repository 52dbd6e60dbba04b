package skbstress.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jcstress.annotations.Outcome;
import skbstress.lincheck.LincheckSuite;
import skbstress.races.RaceCatalog;

/**
 * Every test the stress job knows, with a stable id: {@code jcstress:<Test>} for a jcstress race,
 * {@code lincheck:<scenario>:<mode>} for a Lincheck run, {@code soak:differential} and
 * {@code soak:concurrent} for the soaks. Canaries (Broken/Wrong) are listed but run only on request.
 */
public final class Catalog {
    private Catalog() {}

    public enum Kind { JCSTRESS, LINCHECK, SOAK }

    /** One test: its id, kind, area, the ids of {@code specs/} it protects, and whether it is a canary. */
    public record TestCase(String id, Kind kind, String area, List<String> protects, boolean canary) {
        /** The jcstress class name, the Lincheck scenario name, or the soak's name. */
        public String target() {
            String rest = id.substring(id.indexOf(':') + 1);
            return switch (kind) {
                case JCSTRESS -> "skbstress.races." + rest;
                case LINCHECK -> rest.substring(0, rest.indexOf(':'));
                case SOAK -> rest;
            };
        }

        public LincheckSuite.Mode mode() {
            return LincheckSuite.Mode.of(id.substring(id.lastIndexOf(':') + 1));
        }
    }

    /** The livelock canary's id: the concurrent soak on stress/src/mutants/slab-valid-off-by-one.mutant. */
    public static final String LIVELOCK = "soak:concurrent-livelock";

    private static final Pattern ID = Pattern.compile("\\b[IP]-[A-Z]+-\\d+\\b");

    public static List<TestCase> all() {
        List<TestCase> out = new ArrayList<>();
        for (String name : RaceCatalog.names()) {
            String simple = name.substring(name.lastIndexOf('.') + 1);
            String area = simple.replaceFirst("^(Broken|Wrong)", "");
            area = area.substring(0, area.indexOf('_'));
            out.add(new TestCase("jcstress:" + simple, Kind.JCSTRESS, area, jcstressIds(name),
                    RaceCatalog.canary(name)));
        }
        for (skbstress.lincheck.Scenario s : LincheckSuite.ALL) {
            for (LincheckSuite.Mode m : s.modes()) {
                out.add(new TestCase("lincheck:" + s.name() + ":" + m.label, Kind.LINCHECK, s.area(),
                        List.of(s.protects().split(" ")), s.canary()));
            }
        }
        out.add(new TestCase("soak:differential", Kind.SOAK, "All",
                List.of("every I- id (the model checks every invariant after every step)"), false));
        out.add(new TestCase("soak:concurrent", Kind.SOAK, "All",
                List.of("I-SLAB-1", "I-USERS-2", "I-DATA-3", "I-FCLONE-1", "I-ZCDRV-1", "I-ZC-2"), false));
        // the concurrent soak on an implementation that livelocks: the job's watchdog must stop it (HUNG)
        out.add(new TestCase(LIVELOCK, Kind.SOAK, "Slab", List.of("P-SLAB-1"), true));
        return out;
    }

    /**
     * Why test {@code c} does not apply to {@code subject}, or null when it does: a capability it needs that
     * the subject does not provide, or a reach into our implementation (a jcstress race's test hooks, a
     * Lincheck scenario of our allocator, without {@code @Needs}; the soaks, so far), or a canary that is a
     * mutated copy of our implementation rather than the subject's capability with a bug.
     */
    public static String whyNot(TestCase c, skbstress.api.subject.Subject subject) {
        boolean ours = subject.name().equals(skbstress.subject.Subjects.DEFAULT);
        java.util.Set<skbstress.api.subject.Capability> needs;
        if (c.kind() == Kind.LINCHECK) {
            skbstress.lincheck.Needs n = LincheckSuite.named(c.target()).test()
                    .getAnnotation(skbstress.lincheck.Needs.class);
            if (n == null) {
                return ours ? null : "written against our implementation's allocator (its per-thread caching rule)";
            }
            needs = java.util.EnumSet.copyOf(java.util.List.of(n.value()));
        } else if (c.kind() == Kind.SOAK) {
            return ours ? null : "written against our implementation (soak runs on other subjects are not built yet)";
        } else {
            skbstress.races.Race<?> race = race(c);
            if (race.oursOnly() && !ours) {
                return "reaches into our implementation (its test hooks)";
            }
            needs = race.needs();
        }
        for (skbstress.api.subject.Capability needed : needs) {
            if (!subject.capabilities().contains(needed)) {
                return "needs " + needed.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ", which "
                        + subject.name() + " does not provide";
            }
        }
        if (c.canary() && !skbstress.subject.Subjects.canaryApplies(c.area(), subject)) {
            return "a canary of our implementation (a mutated copy of it), which says nothing of " + subject.name();
        }
        if (c.kind() == Kind.LINCHECK && c.mode() == LincheckSuite.Mode.MODEL_CHECKING
                && subject.modelCheckingUnavailable() != null) {
            return "not model-checked: " + subject.modelCheckingUnavailable();
        }
        return null;
    }

    /** A jcstress test's race (its RACE, or its race's for a canary). */
    static skbstress.races.Race<?> race(TestCase c) {
        try {
            return (skbstress.races.Race<?>) Class.forName(c.target()).getField("RACE").get(null);
        } catch (ReflectiveOperationException | ExceptionInInitializerError e) {
            throw new IllegalStateException("no RACE in " + c.target(), e);
        }
    }

    /** The ids a jcstress test's outcome descriptions name (its catch-all names the invariant it protects). */
    private static List<String> jcstressIds(String className) {
        Set<String> ids = new LinkedHashSet<>();
        try {
            for (Outcome o : skbstress.races.Races.outcomes(Class.forName(className))) {
                Matcher m = ID.matcher(o.desc());
                while (m.find()) {
                    ids.add(m.group());
                }
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("jcstress lists " + className + " but it is not on the class path", e);
        }
        return List.copyOf(ids);
    }
}
