package skbstress.api;

/**
 * A refused call. The message says what was impossible with which numbers, and names the invariant; the
 * state of the model or implementation that threw is as it was before the call.
 */
public final class SkbException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String invariant;

    public SkbException(ErrorCode code, String invariant, String detail) {
        super(code + " [" + invariant + "]: " + detail);
        this.code = code;
        this.invariant = invariant;
    }

    public SkbException(ErrorCode code, String detail) {
        this(code, code.invariant(), detail);
    }

    /** A refusal caused by a throwable, e.g. a callback's ({@link ErrorCode#CALLBACK_FAILED}). */
    public SkbException(ErrorCode code, String invariant, String detail, Throwable cause) {
        super(code + " [" + invariant + "]: " + detail, cause);
        this.code = code;
        this.invariant = invariant;
    }

    /**
     * A report the implementation appends to the message (who released the object first, and when); set once, by
     * the thread that made the refusal, before it throws it. No second exception: a refusal stays as cheap as it was.
     */
    private String report;

    /** Appends {@code report} to this refusal's message; returns this refusal, for the caller to throw. */
    public SkbException withReport(String report) {
        this.report = report;
        return this;
    }

    @Override
    public String getMessage() {
        String m = super.getMessage();
        return report == null ? m : m + "\n" + report;
    }

    public ErrorCode code() {
        return code;
    }

    public String invariant() {
        return invariant;
    }
}
