package skbstress.diff;

/**
 * One parameter of a {@link Step}: its name (for messages) and which integers it takes. In the text form
 * a negative integer is a step reference, so a parameter takes either references or non-negative numbers,
 * never both; that is what lets the shrinker renumber references without touching numbers.
 */
record Param(String name, Role role, int limit) {
    /** The most bytes a step may ask the harness to make (a pattern to put or write). */
    static final int MAX_BYTES = 1 << 20;

    enum Role {
        /** The handle a step created: {@code -k} names step {@code k - 1}, {@link Step#NONE} nothing. */
        REFERENCE,
        /** A number passed on as it is: {@code 0 .. Integer.MAX_VALUE}. */
        NUMBER,
        /** A selector the harness itself indexes by: {@code 0 .. limit - 1}. */
        CHOICE,
        /** A count of bytes the harness makes: {@code 0 .. MAX_BYTES}. */
        BYTES
    }

    static Param ref(String name) {
        return new Param(name, Role.REFERENCE, 0);
    }

    static Param number(String name) {
        return new Param(name, Role.NUMBER, Integer.MAX_VALUE);
    }

    static Param choice(String name, int choices) {
        return new Param(name, Role.CHOICE, choices - 1);
    }

    static Param bytes(String name) {
        return new Param(name, Role.BYTES, MAX_BYTES);
    }

    /** Why {@code value} cannot be this parameter's argument, or null when it can. */
    String refuse(int value) {
        if (role == Role.REFERENCE) {
            return value < 0 ? null : name + " takes a step reference (-1 names step 0, " + Step.NONE
                    + " names nothing), not a number";
        }
        if (value < 0) {
            return name + " takes a number, not a step reference";
        }
        return value <= limit ? null : name + " takes 0.." + limit;
    }

    @Override
    public String toString() {
        return role == Role.REFERENCE ? "ref:" + name : name;
    }
}
