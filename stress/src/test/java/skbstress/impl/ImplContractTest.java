package skbstress.impl;

import skbstress.api.SkbConfig;
import skbstress.api.SkbOps;
import skbstress.contract.SkbContracts;

/**
 * The whole contract suite against the concurrent implementation, through the entry point a user's tests
 * use. In this package for one test hook: a reader pin held as another thread's clone would hold it.
 */
class ImplContractTest extends SkbContracts {
    @Override
    protected SkbOps create(SkbConfig config) {
        return new SkbImpl(config);
    }

    /** Holds a reader pin on the skb, as a thread in the middle of a clone or a read would. */
    @Override
    protected boolean whileInUseElsewhere(SkbOps ops, long skb, Runnable call) {
        ImplHandles handles = ((SkbImpl) ops).handlesForTest();
        SkbDesc d = handles.pinReader(skb, "another thread's skb_clone");
        try {
            call.run();
        } finally {
            handles.unpinReader(d);
        }
        return true;
    }
}
