package skbstress.lincheck;

import skbstress.api.LeakReport;

/**
 * A scenario's end-of-run check found objects live or misuse reported ({@link SkbScenario#checkQuiescent}): an
 * IllegalStateException as the check's other findings are, carrying the whole report for the job's report (its
 * message has the text form, which is what Lincheck prints).
 */
public final class LeaksAtQuiescence extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final transient LeakReport report;

    public LeaksAtQuiescence(String message, LeakReport report) {
        super(message);
        this.report = report;
    }

    public LeakReport report() {
        return report;
    }
}
