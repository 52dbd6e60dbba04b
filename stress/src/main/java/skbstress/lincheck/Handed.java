package skbstress.lincheck;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The objects a capability scenario's threads hold or have posted, whoever allocated them: test
 * bookkeeping, not the code under test, so model checking runs its methods atomically (as
 * {@link Holdings}'). Objects are compared with {@code equals}, as P-SUBJ-1 states "two at once".
 */
final class Handed {
    private final Set<Object> out = ConcurrentHashMap.newKeySet();

    /** Records an object just handed to a holder; false when another holder has it already. */
    boolean add(Object o) {
        return out.add(o);
    }

    /** Forgets an object its holder is about to give back: before it does, so a reuse never looks like two holders. */
    void remove(Object o) {
        out.remove(o);
    }

    int size() {
        return out.size();
    }
}
