package skbstress.lincheck;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import skbstress.api.subject.Capability;

/**
 * The capabilities a Lincheck scenario needs of the subject it runs on ({@code --subject}). A scenario without
 * it is written against our implementation and runs on ours only.
 */
@java.lang.annotation.Inherited // a canary extends its scenario's class, and needs what it needs
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Needs {
    Capability[] value();
}
