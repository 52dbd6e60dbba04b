package skbstress.cli;

import picocli.CommandLine;

/** Shard {@code index} of {@code count} (1-based, as written: 2/4). */
record Shard(int index, int count) {
    static final Shard WHOLE = new Shard(1, 1);

    boolean whole() {
        return count == 1;
    }

    /** Whether the {@code k}-th test (0-based, in id order) belongs to this shard: round robin. */
    boolean takes(int k) {
        return k % count == index - 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }

    static final class Converter implements CommandLine.ITypeConverter<Shard> {
        @Override
        public Shard convert(String text) {
            String[] p = text.trim().split("/");
            try {
                if (p.length == 2) {
                    int i = Integer.parseInt(p[0]);
                    int n = Integer.parseInt(p[1]);
                    if (n >= 1 && i >= 1 && i <= n) {
                        return new Shard(i, n);
                    }
                }
            } catch (NumberFormatException e) {
                // fall through to the message
            }
            throw new CommandLine.TypeConversionException("'" + text + "' is not a shard: write i/n with 1 <= i <= n");
        }
    }
}
