package skbstress.races;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import skbstress.api.SkbException;

/** Runs a race on the model in every serial order of its actors and collects the outcomes. */
final class ModelOutcomes {
    private ModelOutcomes() {}

    /**
     * The outcome of one run, in jcstress's form: actors' observations, then the observer's, named by the
     * race's table ({@code other: ...} for a tuple it does not name). {@code order} lists actors, one entry
     * per operation (actor a's k-th entry runs its step k).
     */
    static <S> String run(Race<S> race, Outcomes names, List<Integer> order) {
        S s = race.setUp(true);
        int[] acted = new int[race.actors()];
        int[] next = new int[race.actors()];
        for (int a : order) {
            try {
                acted[a] = race.act(s, a, next[a]++);
            } catch (SkbException e) {
                acted[a] = Races.REFUSED;
            }
        }
        return names.of(acted, race.settle(s));
    }

    /** Every interleaving of the actors' operations (each actor's in program order). */
    static <S> Set<String> all(Race<S> race, Outcomes names) {
        Set<String> out = new TreeSet<>();
        List<Integer> ops = new ArrayList<>();
        for (int a = 0; a < race.actors(); a++) {
            for (int k = 0; k < race.steps(a); k++) {
                ops.add(a);
            }
        }
        for (List<Integer> order : new java.util.LinkedHashSet<>(permutations(ops))) {
            out.add(run(race, names, order));
        }
        return out;
    }

    /** Distinct orderings of a multiset of actor numbers, as lists. */
    static List<List<Integer>> permutations(List<Integer> items) {
        if (items.size() <= 1) {
            return List.of(items);
        }
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<Integer> rest = new ArrayList<>(items);
            Integer head = rest.remove(i);
            for (List<Integer> p : permutations(rest)) {
                List<Integer> l = new ArrayList<>();
                l.add(head);
                l.addAll(p);
                out.add(l);
            }
        }
        return out;
    }
}
