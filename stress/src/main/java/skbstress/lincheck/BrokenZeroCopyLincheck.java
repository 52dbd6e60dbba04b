package skbstress.lincheck;


/** Canary: the driver buffer's free function called on every slice release instead of the last. */
public class BrokenZeroCopyLincheck extends ZeroCopyLincheck {
    /** Must fail: non-linearizable or broken at quiescence, breaking I-ZCDRV-1. */
    static final Scenario SCENARIO = ZeroCopyLincheck.SCENARIO.broken("zerocopy-free-function-per-skb",
            BrokenZeroCopyLincheck.class, "I-ZCDRV-1");

    public BrokenZeroCopyLincheck() {
        super(canary(skbstress.canary.Canaries::freeFunctionPerSlice));
    }
}
