package dev.weft.testkit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Evaluates {@link RequiresRoot}. */
final class RootCondition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Root.isRoot()) {
            return ConditionEvaluationResult.enabled("running as root");
        }
        String why = context.getElement().map(e -> e.getAnnotation(RequiresRoot.class))
                .map(RequiresRoot::value).orElse("needs root");
        if (Boolean.getBoolean("weft.test.requireRoot")) {
            throw new IllegalStateException("this test needs root (" + why + ") and weft.test.requireRoot is set");
        }
        return ConditionEvaluationResult.disabled("needs root: " + why + " (CI runs as root)");
    }
}
