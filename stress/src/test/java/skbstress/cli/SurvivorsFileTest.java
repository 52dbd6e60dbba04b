package skbstress.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import skbstress.mutation.MutantSet;
import skbstress.mutation.MutantSources;

/** Each argued survivor names a mutant that exists, once, and says which kind of argument it makes. */
class SurvivorsFileTest {
    @Test
    void everyArgumentIsEquivalentOrTsoForAMutantThatExists() throws Exception {
        Map<String, String> argued = MutantsCommand.argued();
        long lines = Files.readAllLines(Path.of("src/mutants/survivors.txt")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).count();
        assertThat(argued).as("one line per mutant").hasSize((int) lines);
        Set<String> ids = MutantSet.load().all().stream().map(MutantSources.Mutant::id).collect(Collectors.toSet());
        argued.forEach((id, why) -> {
            assertThat(ids).as("%s names a mutant", id).contains(id);
            assertThat(why).as(id).matches("(equivalent|tso): .{60,}");
        });
    }
}
