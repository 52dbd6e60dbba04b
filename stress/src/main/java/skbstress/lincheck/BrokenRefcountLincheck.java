package skbstress.lincheck;

import java.util.Set;
import skbstress.impl.Fault;

/** Canary: users dropped with a plain read-modify-write. Two holders' frees can both read 2 and write 1. */
public class BrokenRefcountLincheck extends RefcountLincheck {
    public BrokenRefcountLincheck() {
        super(impl(Set.of(Fault.PLAIN_USERS_DECREMENT)));
    }
}
