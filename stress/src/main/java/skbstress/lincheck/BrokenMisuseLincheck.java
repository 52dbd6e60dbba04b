package skbstress.lincheck;

/**
 * Canary: the last free decided on a plain read of users == 1. Two threads freeing one reference both
 * see 1 and both release it: Lincheck must find results no serial order gives ("released" twice).
 */
public class BrokenMisuseLincheck extends MisuseLincheck {
    public BrokenMisuseLincheck() {
        super(canary(skbstress.canary.Canaries::lastFreePlainRead));
    }
}
