package skbstress.lincheck;


/** Canary: the pair returned to its cache when fclone_ref reaches 1 instead of 0. */
public class BrokenFcloneLincheck extends FcloneLincheck {
    public BrokenFcloneLincheck() {
        super(canary(skbstress.canary.Canaries::fclonePairFreedAtOne));
    }
}
