package skbstress.model;

import skbstress.api.ErrorCode;
import skbstress.api.Refcount;

/**
 * refcount_t, sequentially: increments saturate instead of overflowing; a saturated counter stays
 * saturated, so its object is leaked and never freed (I-REF-2). Zero is never passed through: the model
 * refuses uses of dead objects before they reach the counter (I-REF-1).
 */
final class ModelRefcount {
    private int value;

    ModelRefcount(int initial) {
        value = initial;
    }

    int value() {
        return value;
    }

    boolean saturated() {
        return Refcount.isSaturated(value);
    }

    void set(int v) {
        value = v;
    }

    /** refcount_add(n): saturates (and warns) when the sum would pass REFCOUNT_MAX. */
    void add(int n, ModelState state, String what) {
        if (value == 0) {
            throw new IllegalStateException("model bug: increment from 0 of " + what + " reached the counter");
        }
        if (Refcount.addSaturates(value, n)) {
            int old = value;
            value = Refcount.SATURATED;
            state.warn(ErrorCode.REFCOUNT_SATURATED, "I-REF-2", String.format(
                    "%s: %d + %d passes REFCOUNT_MAX; saturated at 0x%08x, leaked, never freed",
                    what, old, n, Refcount.SATURATED));
            return;
        }
        value += n;
    }

    /**
     * refcount_dec_and_test: true when this call dropped the last reference. A saturated counter is left
     * saturated (the object stays leaked) and the touch is warned about.
     */
    boolean decAndTest(ModelState state, String what) {
        if (saturated()) {
            state.warn(ErrorCode.REFCOUNT_SATURATED, "I-REF-2",
                    what + ": decrement of a saturated counter ignored; object stays leaked");
            return false;
        }
        if (value <= 0) {
            throw new IllegalStateException("model bug (I-REF-1): decrement of " + what + " at " + value);
        }
        value--;
        return value == 0;
    }
}
