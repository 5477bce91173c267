package dev.weft.cli;

import dev.weft.cni.CniException;
import dev.weft.cni.json.ErrorCodec;
import dev.weft.cni.json.Json;
import picocli.CommandLine;

/**
 * Turns failures into one readable stderr line (and, for CNI errors, the error JSON) with exit
 * code 1. Unexpected exceptions keep their stack trace when {@code WEFT_DEBUG} is set.
 */
final class Errors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        String name = cmd.getCommandSpec().qualifiedName(" ");
        if (e instanceof CniException ce) {
            System.err.println(name + ": CNI error " + ce.code() + ": " + ce.msg()
                    + (ce.details() == null ? "" : "\n  details: " + ce.details()));
            System.err.println(Json.compact(ErrorCodec.encode(ce, null)));
        } else {
            System.err.println(name + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            if (System.getenv("WEFT_DEBUG") != null) {
                e.printStackTrace(System.err);
            }
        }
        return 1;
    }
}
