package skbstress.lincheck;

import java.util.Set;
import skbstress.impl.Fault;

/** Canary: the driver buffer's free function called on every slice release instead of the last. */
public class BrokenZeroCopyLincheck extends ZeroCopyLincheck {
    public BrokenZeroCopyLincheck() {
        super(impl(Set.of(Fault.FREE_FUNCTION_PER_SKB)));
    }
}
