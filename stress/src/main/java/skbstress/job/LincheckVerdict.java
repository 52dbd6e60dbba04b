package skbstress.job;

import org.jetbrains.kotlinx.lincheck.strategy.IncorrectResultsFailure;
import org.jetbrains.kotlinx.lincheck.strategy.LincheckFailure;
import org.jetbrains.kotlinx.lincheck.strategy.ValidationFailure;
import org.jetbrains.kotlinx.lincheck.trace.SwitchEventTracePoint;
import org.jetbrains.kotlinx.lincheck.trace.Trace;
import org.jetbrains.lincheck.LincheckAssertionError;

/**
 * What a Lincheck run's throwable means. Only two findings are the ones the scenarios and their canaries
 * are made for: results that no sequential order of the specification explains, and the scenario's own
 * end-of-run check (the model's invariants and the leak count, at quiescence) failing. Anything else
 * Lincheck reports (a hang, an obstruction, an unexpected exception) is a failure of the code under test
 * but not a caught canary; and a throwable that is not Lincheck's verdict is a crash.
 */
public enum LincheckVerdict {
    /** Results no sequential execution of the specification produces. */
    NON_LINEARIZABLE("non-linearizable results"),
    /** The scenario's quiescence check (invariants, leaks) failed. */
    BROKEN_AT_QUIESCENCE("an invariant or the leak count broken at quiescence"),
    /** Another of Lincheck's verdicts (hung, obstruction-freedom, unexpected exception, crash in the check). */
    OTHER_FAILURE("another Lincheck failure"),
    /** Not Lincheck's verdict: the test itself crashed. */
    CRASH("a crash");

    public final String words;

    LincheckVerdict(String words) {
        this.words = words;
    }

    /** Whether a canary that failed this way counts as caught. */
    public boolean catchesCanary() {
        return this == NON_LINEARIZABLE || this == BROKEN_AT_QUIESCENCE;
    }

    /**
     * How Lincheck 3.7 words a crash of its own (its model checker meeting code it cannot run, an
     * {@code Unsafe} access by absolute address, say): a crash of the tool, which says nothing of the code.
     */
    static final String LINCHECK_BUG = "You've caught a bug in Lincheck";

    public static LincheckVerdict of(Throwable e) {
        if (!(e instanceof LincheckAssertionError lae) || String.valueOf(e.getMessage()).contains(LINCHECK_BUG)) {
            return CRASH; // a throwable of ours, or Lincheck's report of a crash inside Lincheck itself
        }
        LincheckFailure f = lae.getFailure$lincheck();
        if (f instanceof IncorrectResultsFailure) {
            return NON_LINEARIZABLE;
        }
        if (f instanceof ValidationFailure v && isQuiescenceCheck(v.getException())) {
            return BROKEN_AT_QUIESCENCE;
        }
        return OTHER_FAILURE;
    }

    /**
     * The leak report a scenario's end-of-run check failed with ({@link skbstress.lincheck.LeaksAtQuiescence}, as
     * Lincheck's validation failure or thrown as it is), or null when it failed otherwise or not at all.
     */
    public static skbstress.api.LeakReport leakReport(Throwable e) {
        Throwable found = e;
        if (e instanceof LincheckAssertionError lae && lae.getFailure$lincheck() instanceof ValidationFailure v) {
            found = v.getException();
        }
        return found instanceof skbstress.lincheck.LeaksAtQuiescence l ? l.report() : null;
    }

    /**
     * The scenario's end-of-run check found it, by name: thrown inside a scenario's {@code @Validate} method
     * ({@code quiescent}, which calls {@code SkbScenario.checkQuiescent}) as an IllegalStateException (the
     * model's invariant checker, the leak count, an exactly-once count, or the allocator's own corruption
     * report, {@code SlabCorruption}) or as a named refusal. A NullPointerException, or anything thrown
     * outside the check, is a crash.
     */
    private static boolean isQuiescenceCheck(Throwable e) {
        if (!(e instanceof IllegalStateException) && !(e instanceof skbstress.api.SkbException)) {
            return false;
        }
        for (StackTraceElement f : e.getStackTrace()) {
            if (f.getClassName().startsWith("skbstress.lincheck.")
                    && (f.getMethodName().equals("quiescent") || f.getMethodName().equals("checkQuiescent"))) {
                return true;
            }
        }
        return false;
    }

    /** The headline of Lincheck's report ("Invalid execution results"), or the throwable's own words. */
    public static String headline(Throwable e) {
        return String.valueOf(e.getMessage()).lines().filter(l -> l.startsWith("= ")).findFirst()
                .map(l -> l.replace("=", "").trim()).orElse(e.toString());
    }

    /**
     * The context switches in the interleaving Lincheck reports: how deep its model checker had to search to
     * find the failure (it tries fewer switches first). -1 when the failure carries no interleaving (stress
     * mode, or not Lincheck's verdict).
     */
    public static int switches(Throwable e) {
        if (!(e instanceof LincheckAssertionError lae)) {
            return -1;
        }
        Trace t = lae.getFailure$lincheck().getTrace();
        return t == null ? -1 : (int) t.getTrace().stream().filter(p -> p instanceof SwitchEventTracePoint).count();
    }

    /** ", in an interleaving of N switches" when Lincheck's model checker gave one, else "". */
    public static String switchWords(Throwable e) {
        int n = switches(e);
        return n < 0 ? "" : ", in an interleaving of " + n + (n == 1 ? " switch" : " switches");
    }
}
