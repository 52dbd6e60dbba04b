package skbstress.impl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import skbstress.api.FreeFunction;

/**
 * A zero-copy driver buffer: the shared header's refcount (the driver's reference plus one per shared
 * info over a slice) and the user free function, called by whichever release reaches zero.
 */
final class DriverBuffer {
    private static final VarHandle REFCOUNT;
    private static final VarHandle DRIVER_REF;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            REFCOUNT = l.findVarHandle(DriverBuffer.class, "refcount", int.class);
            DRIVER_REF = l.findVarHandle(DriverBuffer.class, "driverRef", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int index;
    long handle;
    byte[] bytes;
    FreeFunction freeFunction;
    private int refcount;
    /** 1 while the driver holds its reference. */
    private int driverRef;

    DriverBuffer(int index) {
        this.index = index;
    }

    int getRefcountAcquire() {
        return (int) REFCOUNT.getAcquire(this);
    }

    void setRefcountRelease(int v) {
        REFCOUNT.setRelease(this, v);
    }

    int getAndAddRefcount(int d) {
        return (int) REFCOUNT.getAndAdd(this, d);
    }

    boolean driverHoldsReference() {
        return (int) DRIVER_REF.getAcquire(this) == 1;
    }

    void setDriverRefRelease(int v) {
        DRIVER_REF.setRelease(this, v);
    }

    /** The driver's one release: only one caller wins. */
    boolean compareAndClearDriverRef() {
        return DRIVER_REF.compareAndSet(this, 1, 0);
    }
}
