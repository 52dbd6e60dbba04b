package skbstress.usercheck;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import skbstress.subject.SubjectContracts;
import skbstress.subject.Subjects;

/**
 * Every subject on the class path through the capability contracts, from a package of its own and through
 * the public entry point only, as a user's project runs its own subject.
 */
class SubjectContractsTest {
    @TestFactory
    Stream<DynamicNode> everySubjectKeepsTheContractsOfItsCapabilities() {
        return Subjects.all().stream().map(s -> DynamicContainer.dynamicContainer(s.name(), SubjectContracts.of(s)));
    }
}
