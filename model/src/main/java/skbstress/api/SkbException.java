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

    /** The same refusal with a report appended to its message (who released the object first, and when). */
    public SkbException(SkbException refusal, String report) {
        super(refusal.getMessage() + "\n" + report, refusal.getCause());
        this.code = refusal.code;
        this.invariant = refusal.invariant;
    }

    public ErrorCode code() {
        return code;
    }

    public String invariant() {
        return invariant;
    }
}
