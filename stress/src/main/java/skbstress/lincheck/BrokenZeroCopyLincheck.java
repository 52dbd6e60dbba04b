package skbstress.lincheck;


/** Canary: the driver buffer's free function called on every slice release instead of the last. */
public class BrokenZeroCopyLincheck extends ZeroCopyLincheck {
    public BrokenZeroCopyLincheck() {
        super(canary(skbstress.canary.Canaries::freeFunctionPerSlice));
    }
}
