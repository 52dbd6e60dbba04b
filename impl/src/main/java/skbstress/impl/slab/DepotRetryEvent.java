package skbstress.impl.slab;

import jdk.jfr.Category;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * JFR event: a depot compare-and-set lost to another thread and is retried. Sent on the retry path only, where
 * the cost of an event JFR does not record is small beside the lost CAS.
 */
@Name("skbstress.DepotCasRetry") @Label("Depot CAS retried") @Category("skbstress")
final class DepotRetryEvent extends Event {
    @Label("Operation") String operation;

    static void retried(String operation) {
        DepotRetryEvent e = new DepotRetryEvent();
        if (e.shouldCommit()) {
            e.operation = operation;
            e.commit();
        }
    }
}
