package skbstress.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists every test: its id (what --filter matches), area, and the ids of specs/ it protects; "
                + "or, with --subjects, every subject and its capabilities.")
final class ListCommand implements Callable<Integer> {
    @Option(names = "--kind", description = "Only this kind: jcstress, lincheck or soak.")
    Catalog.Kind kind;

    @Option(names = "--canaries", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Lists the canaries too (default); --no-canaries leaves them out.")
    boolean canaries;

    @Option(names = "--subjects", description = "Lists the subjects (--subject NAME) with their capabilities.")
    boolean subjects;

    @Override
    public Integer call() {
        if (subjects) {
            List<skbstress.api.subject.Subject> all = skbstress.subject.Subjects.all();
            System.out.printf(Locale.ROOT, "%-22s %-54s %s%n", "SUBJECT", "CAPABILITIES", "ABOUT");
            for (skbstress.api.subject.Subject s : all) {
                System.out.printf(Locale.ROOT, "%-22s %-54s %s%n", s.name(), s.capabilities().stream().map(Enum::name)
                        .map(n -> n.toLowerCase(Locale.ROOT).replace('_', '-')).collect(
                                java.util.stream.Collectors.joining(",")), s.about());
            }
            System.out.printf(Locale.ROOT, "%d subjects (default: %s)%n", all.size(), skbstress.subject.Subjects.DEFAULT);
            return 0;
        }
        List<Catalog.TestCase> all = Catalog.all().stream().filter(t -> kind == null || t.kind() == kind)
                .filter(t -> canaries || !t.canary()).toList();
        System.out.printf(Locale.ROOT, "%-58s %-9s %-7s %s%n", "TEST", "AREA", "CANARY", "PROTECTS");
        for (Catalog.TestCase t : all) {
            System.out.printf(Locale.ROOT, "%-58s %-9s %-7s %s%n", t.id(), t.area(), t.canary() ? "canary" : "",
                    String.join(" ", t.protects()));
        }
        System.out.printf(Locale.ROOT, "%d tests%n", all.size());
        return 0;
    }
}
