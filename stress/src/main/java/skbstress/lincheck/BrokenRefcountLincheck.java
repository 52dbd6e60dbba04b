package skbstress.lincheck;


/** Canary: users dropped with a plain read-modify-write. Two holders' frees can both read 2 and write 1. */
public class BrokenRefcountLincheck extends RefcountLincheck {
    public BrokenRefcountLincheck() {
        super(canary(skbstress.canary.Canaries::usersPlainDecrement));
    }
}
