package dev.weft.testkit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test (or every test of the class) needs root: it is skipped with a reason otherwise. With
 * {@code -Dweft.test.requireRoot=true} it fails instead of skipping, so a CI that lost root
 * notices.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RootCondition.class)
public @interface RequiresRoot {
    /** What the test does with root, for the skip message (e.g. "creates network namespaces"). */
    String value() default "creates network namespaces";
}
