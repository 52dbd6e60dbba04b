package skbstress.diff;

import java.util.HashMap;
import java.util.Map;

/**
 * The correspondence between the model's identities and the implementation's, built as the run goes:
 * from handles both return, and by unification when a snapshot shows an identity for the first time
 * (a page an orphaning copy made, a shared info). A pairing, once made, must hold for ever.
 */
final class Bijection {
    private final Map<Long, Long> toImpl = new HashMap<>();
    private final Map<Long, Long> toModel = new HashMap<>();

    /** Pairs {@code m} with {@code i}, or explains why they cannot be paired (null when they are). */
    String unify(String what, long m, long i) {
        if (m == 0 || i == 0) {
            return m == i ? null : String.format("%s: model %x, impl %x", what, m, i);
        }
        Long boundI = toImpl.get(m);
        Long boundM = toModel.get(i);
        if (boundI == null && boundM == null) {
            toImpl.put(m, i);
            toModel.put(i, m);
            return null;
        }
        if (boundI != null && boundI == i) {
            return null;
        }
        return String.format("%s: model %x is paired with impl %s, impl %x with model %s", what, m,
                boundI == null ? "nothing" : Long.toHexString(boundI), i,
                boundM == null ? "nothing" : Long.toHexString(boundM));
    }

    /** The implementation's handle for a model handle; a handle no side knows maps to an equally unknown one. */
    long toImpl(long m) {
        Long i = toImpl.get(m);
        return i != null ? i : (m == 0 ? 0 : 0x7ead_0000_0000_0001L ^ (m & 0xffff_ffffL));
    }

    boolean known(long m) {
        return toImpl.containsKey(m);
    }
}
