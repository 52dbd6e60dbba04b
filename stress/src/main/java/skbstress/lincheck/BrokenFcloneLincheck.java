package skbstress.lincheck;

import java.util.Set;
import skbstress.impl.Fault;

/** Canary: the pair returned to its cache when fclone_ref reaches 1 instead of 0. */
public class BrokenFcloneLincheck extends FcloneLincheck {
    public BrokenFcloneLincheck() {
        super(impl(Set.of(Fault.PAIR_FREED_AT_ONE)));
    }
}
