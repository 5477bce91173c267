package dev.weft.sdk;

import dev.weft.cni.result.Result;
import dev.weft.cni.Command;
import dev.weft.invoke.Invoker;
import dev.weft.invoke.PluginExec;
import dev.weft.invoke.ProcessExec;

/**
 * Runs the IPAM plugin named by {@code ipam.type} from inside a plugin, as Go's
 * {@code ipam.ExecAdd/ExecDel/ExecCheck} do: same stdin configuration, same attachment env,
 * plugin found on the request's CNI_PATH.
 */
public final class IpamDelegate {
    private final PluginExec exec;

    public IpamDelegate(PluginExec exec) {
        this.exec = exec;
    }

    public IpamDelegate() {
        this(new ProcessExec());
    }

    public Result add(String type, Request request) {
        return invoker(request).add(type, request.config(), target(request));
    }

    public void del(String type, Request request) {
        invoker(request).call(type, Command.DEL, request.config(), target(request));
    }

    public void check(String type, Request request) {
        invoker(request).call(type, Command.CHECK, request.config(), target(request));
    }

    /** GC on the IPAM plugin with the same configuration (it carries the valid attachments). */
    public void gc(String type, GcRequest request) {
        new Invoker(exec, request.cniPath()).call(type, Command.GC, request.config(), Invoker.Target.NONE);
    }

    public void status(String type, StatusRequest request) {
        new Invoker(exec, request.cniPath()).call(type, Command.STATUS, request.config(), Invoker.Target.NONE);
    }

    private Invoker invoker(Request request) {
        return new Invoker(exec, request.cniPath());
    }

    private static Invoker.Target target(Request r) {
        return new Invoker.Target(r.containerId().value(), r.netns(), r.ifName().value(), r.args());
    }
}
