/**
 * The test kit every module's tests share: {@link dev.weft.testkit.RequiresRoot} (skips with a
 * reason when not root; CI runs as root, so there the tests run), {@link dev.weft.testkit.Netns}
 * (throwaway network namespaces with unique names, removed after the test even when it failed,
 * with whatever still runs inside them), {@link dev.weft.testkit.Proc} (one way to run a command
 * and read what it printed) and {@link dev.weft.testkit.Daemon} (a real daemon in a namespace,
 * ended by pid).
 *
 * <p>Tests may use {@code ip}, {@code nsenter} and friends; product code may not. Nothing here
 * touches the root namespace's networking.
 */
package dev.weft.testkit;
