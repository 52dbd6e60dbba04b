package skbstress.model;

import java.util.List;

/**
 * What every rules class of {@link InvariantChecker} shares: the step's violation list, which the checker
 * owns and clears, so that one step's violations of all areas are thrown together.
 */
abstract class Rules {
    private final List<String> violations;

    Rules(List<String> violations) {
        this.violations = violations;
    }

    /** Records a broken invariant: its id, then what was seen. */
    final void fail(String id, String fmt, Object... args) {
        violations.add(id + ": " + String.format(fmt, args));
    }
}
