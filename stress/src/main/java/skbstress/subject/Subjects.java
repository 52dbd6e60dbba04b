package skbstress.subject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import skbstress.api.subject.Subject;

/** The subjects on the class path, found with {@link ServiceLoader}: ours, the peers shipped here, a user's. */
public final class Subjects {
    private Subjects() {}

    /**
     * The areas of the capability tests, whose canaries wrap the subject's own capability with a bug: they
     * run on every subject that has it. Every other canary is a mutated copy of our implementation, and
     * says nothing of another subject, so it runs on ours only.
     */
    public static final java.util.Set<String> CAPABILITY_AREAS = java.util.Set.of("Ref", "Views", "Alloc");

    /** Whether a canary of {@code area} says anything of {@code subject} (see {@link #CAPABILITY_AREAS}). */
    public static boolean canaryApplies(String area, Subject subject) {
        return CAPABILITY_AREAS.contains(area) || subject.name().equals(DEFAULT);
    }

    /**
     * Sets, in this JVM, the system properties among {@code subject}'s JVM options ({@code -Dk=v}): the
     * Lincheck scenarios run in the job's own JVM, and a peer must be set up there as in the races' JVMs.
     * Called before anything of the peer's is loaded (Netty reads its properties once, at class init).
     */
    public static void applySystemProperties(Subject subject) {
        for (String a : subject.jvmArgs()) {
            int eq = a.indexOf('=');
            if (a.startsWith("-D") && eq > 2) {
                System.setProperty(a.substring(2, eq), a.substring(eq + 1));
            }
        }
    }

    /** The subject a run checks when none is named. */
    public static final String DEFAULT = OurSubject.NAME;

    /** Every subject, by name; two with one name are refused (which one a run meant would be a guess). */
    public static List<Subject> all() {
        List<Subject> out = new ArrayList<>();
        for (Subject s : ServiceLoader.load(Subject.class, Subjects.class.getClassLoader())) {
            if (!s.name().matches("[a-z0-9][a-z0-9-]*")) {
                throw new IllegalStateException("subject " + s.getClass().getName() + " is named '" + s.name()
                        + "': lower case, digits and dashes only");
            }
            if (out.stream().anyMatch(o -> o.name().equals(s.name()))) {
                throw new IllegalStateException("two subjects are named " + s.name());
            }
            out.add(s);
        }
        out.sort(Comparator.comparing(Subject::name));
        return out;
    }

    /** The subject named {@code name}; an unknown name is refused with the names there are. */
    public static Subject named(String name) {
        List<Subject> all = all();
        return all.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no subject named '" + name + "'; there are: "
                        + all.stream().map(Subject::name).collect(Collectors.joining(", "))));
    }
}
