package skbstress.lincheck;

/** Canary: the depot without its tag bump. Lincheck must find an object handed out twice. */
public class BrokenDepotLincheck extends DepotLincheck {
    public BrokenDepotLincheck() {
        super(skbstress.canary.Depots::missingTagBump);
    }
}
